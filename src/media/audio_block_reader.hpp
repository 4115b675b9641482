#pragma once
/// @file audio_block_reader.hpp
/// The audio half of the single read, without FFmpeg types in the interface (so
/// src/audio and src/pipeline need no FFmpeg header): libavcodec decodes one audio
/// stream, libswresample converts it to interleaved float at the meters' rate
/// (channel layout kept; a format conversion only when the source already has that
/// rate) and, on request, to mono 16 kHz for the plug-in audio analysers. The reader
/// keeps the blocks on the asset's timeline: a jump of the timestamps ahead of the
/// samples delivered so far is handed on as silence.
///
/// Optionally the decode and every sink call run on a thread of their own
/// (start_thread()), fed by a queue of packet references, so that audio stays off
/// the video decode's critical path; the order of the blocks is the same either way.
///
/// Bad audio never throws: problems are counted (decode_errors()) and the first is
/// kept (warning()).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

struct AVFormatContext;
struct AVPacket;

namespace reelscale::media {

/// Loudspeaker position of a channel, as far as ITU-R BS.1770 weights it
/// (LFE, heights and unknown positions are `other`).
enum class Speaker { other, front_left, front_right, front_centre, surround_left, surround_right };

/// Where the reader delivers the audio, in order. Called on the reader's thread.
class AudioBlockSink {
 public:
  virtual ~AudioBlockSink() = default;
  /// First decoded frame: the channels of the blocks to come (layout of the stream,
  /// an unspecified order replaced by FFmpeg's default for the count) and the time of
  /// the first sample on the asset's timeline (seconds).
  virtual void begin(const std::vector<Speaker>& channels, double start_s) = 0;
  /// `frames` sample frames, interleaved (frames * channels floats, full scale 1.0).
  virtual void samples(const float* interleaved, std::size_t frames) = 0;
  /// `frames` sample frames of digital silence filling a gap in the timestamps.
  virtual void silence(std::size_t frames) = 0;
  /// Mono 16 kHz copy of the audio (only with ReaderOptions::mono16k), t0_s on the
  /// asset's timeline; gaps are skipped, not filled.
  virtual void mono16k(std::span<const float> x, double t0_s) {
    (void)x;
    (void)t0_s;
  }
};

/// Settings of AudioBlockReader.
struct AudioReaderOptions {
  int sample_rate = 48000;     ///< Hz of the interleaved blocks
  double gap_fill_s = 0.2;     ///< timestamp jumps above this are filled with silence, seconds
  double max_gap_fill_s = 10;  ///< ... unless above this (broken timestamps), seconds
  bool mono16k = false;        ///< also deliver AudioBlockSink::mono16k
};

/// Decoder + resamplers of one audio stream.
class AudioBlockReader {
 public:
  /// @param fmt      the opened input (must outlive the reader); the stream's packets are enabled
  /// @param stream   audio stream index
  /// @param file     file name for messages
  /// @param origin_s stream time (seconds) that is 0 on the asset's timeline
  /// Never throws for bad media: a missing decoder becomes warning() and every packet is ignored.
  AudioBlockReader(AVFormatContext* fmt, int stream, std::string file, double origin_s, AudioReaderOptions opts,
                   AudioBlockSink& sink);
  ~AudioBlockReader();
  AudioBlockReader(const AudioBlockReader&) = delete;
  AudioBlockReader& operator=(const AudioBlockReader&) = delete;

  /// Also delivers AudioBlockSink::mono16k from now on (call before feeding).
  void enable_mono16k();
  /// Decodes and delivers on a worker thread from now on (feed() only queues a reference).
  void start_thread();
  /// Hands in one packet; packets of other streams are ignored. Never throws.
  void feed(const AVPacket& pkt);
  /// Reads every remaining packet of the input itself (files without video). Never throws.
  void read_all();
  /// Drains decoder and resamplers (and joins the worker). Call once; later feeds are ignored.
  void finish();

  int stream() const;
  /// Packets rejected, frames flagged corrupt, resampling failures.
  std::int64_t decode_errors() const;
  /// First problem met (names the stream and file), empty if none.
  const std::string& warning() const;
  /// True once begin() was delivered (some audio decoded).
  bool began() const;
  /// CPU seconds of the worker thread (decode, resampling and the sink's work), after
  /// finish(); 0 without start_thread().
  double worker_cpu_s() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// libavformat's best audio stream, preferring one related to video stream
/// `related_video` (-1: any). -1 when the file has no audio.
int best_audio_stream(AVFormatContext* fmt, int related_video = -1);

/// Start time of stream `index` in seconds (0 when unknown).
double stream_start_seconds(const AVFormatContext* fmt, int index);

/// Opens `file` and reads its best audio stream on its own (a second read when used
/// next to the video pipeline; for tests and tools) into `sink`. The timeline origin
/// is the best video stream's start time, else the audio stream's.
/// Returns the stream index (-1: no audio; nothing delivered), and the reader's
/// decode error count and warning in `errors` / `warning`.
/// @throws MediaError when the file cannot be opened.
int read_audio_file(const std::filesystem::path& file, AudioReaderOptions opts, AudioBlockSink& sink,
                    std::int64_t* errors = nullptr, std::string* warning = nullptr);

}  // namespace reelscale::media
