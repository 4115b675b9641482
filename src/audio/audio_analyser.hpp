#pragma once
/// @file audio_analyser.hpp
/// Audio path of the single read: media::AudioBlockReader decodes one audio
/// stream to interleaved float at 48 kHz (channel layout kept); from the same
/// blocks LoudnessMeter (ITU-R BS.1770-4 / EBU R128 via libebur128), the mel band
/// energies and the silences are measured. No FFmpeg type or header here.
///
/// Bad audio never throws out of the analyser: problems are counted and the
/// first one is kept in AudioAnalysis::warning, and analysis goes on with
/// whatever decodes.

#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "audio/audio_options.hpp"
#include "record/audio_analysis.hpp"

struct AVFormatContext;
struct AVPacket;

namespace reelscale::audio {

/// Decodes and measures one audio stream from packets handed in by the reader
/// (VideoDecoder::on_other_packet, or read_all()).
class AudioAnalyser {
 public:
  /// @param fmt       the opened input (must outlive the analyser)
  /// @param stream    audio stream index to analyse
  /// @param file      file name for messages
  /// @param origin_s  time (seconds, stream time base converted) that is 0 on the asset's timeline:
  ///                  the video stream's start time, or the audio stream's when there is no video
  /// Never throws for bad media: a missing decoder is recorded as a warning and
  /// every packet is then ignored.
  AudioAnalyser(AVFormatContext* fmt, int stream, std::string file, double origin_s, AudioOptions opts = {});
  ~AudioAnalyser();
  AudioAnalyser(const AudioAnalyser&) = delete;
  AudioAnalyser& operator=(const AudioAnalyser&) = delete;

  /// Stream index analysed.
  int stream() const;
  /// Also hands the decoded audio, downmixed to mono and resampled to 16 kHz float
  /// (analysis::kAnalysisSampleRate, libswresample) to `tap(samples, t0_s)`, in order;
  /// t0_s is on the asset's timeline and jumps over gaps (lost packets). Set before feeding.
  void set_mono16k_tap(std::function<void(std::span<const float>, double)> tap);
  /// Decodes and measures on a thread of its own from now on (off the video decode's
  /// critical path; same results). The tap is then called on that thread.
  void start_thread();
  /// Decodes one packet; packets of other streams are ignored. Never throws.
  void feed(const AVPacket& pkt);
  /// Reads every remaining packet of `fmt` itself (files without video). Never throws.
  void read_all();
  /// CPU seconds of the analysis thread (start_thread()), valid after finish(); 0 without it.
  double thread_cpu_s() const;
  /// Drains decoder and resampler and returns the measures. Call once.
  AudioAnalysis finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Opens `file`, analyses its best audio stream on its own (a second read when
/// used next to the video pipeline; meant for tests and tools). The timeline
/// origin is the best video stream's start time, else the audio stream's.
/// @throws media::MediaError when the file cannot be opened; an asset without
/// audio gives stream == -1.
AudioAnalysis analyse_audio_file(const std::filesystem::path& file, const AudioOptions& opts = {});

}  // namespace reelscale::audio
