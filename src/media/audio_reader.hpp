#pragma once
/// @file audio_reader.hpp
/// Decoding of one audio stream to 48 kHz stereo planar float (libavcodec +
/// libswresample: the layout the AAC renditions are encoded from). Mono is
/// duplicated, more channels are downmixed by libswresample's default matrix.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "media/detail/libav.hpp"
#include "media/ffmpeg_ptr.hpp"
#include "media/stereo_processor.hpp"

struct SwrContext;

namespace reelscale::media {

/// Decoder + resampler for one stream. Damaged packets are counted and skipped, never thrown.
/// Gaps in the stream's timestamps (> 10 ms after the samples so far) are filled with
/// silence, so the audio keeps its place against the video (as aresample=async=1 with
/// first_pts would, but without stretching); overlaps are passed on unchanged.
class AudioReader {
 public:
  static constexpr int kRate = 48000;
  /// @throws MediaError when no decoder exists or it cannot open (message names `file`).
  AudioReader(const AVStream* stream, std::string file);
  ~AudioReader();
  AudioReader(const AudioReader&) = delete;
  AudioReader& operator=(const AudioReader&) = delete;

  /// Decodes one packet of the stream; resampled samples go to `sink`.
  void feed(const AVPacket& pkt, const StereoSink& sink);
  /// Drains decoder and resampler.
  void flush(const StereoSink& sink);
  /// Reads every packet of the stream from `fmt` (own read; e.g. a loudness first pass).
  void read_all(AVFormatContext* fmt, const StereoSink& sink);
  /// Stream time (seconds) of the first decoded sample, NaN before any.
  double first_pts_s() const { return first_pts_s_; }
  int errors() const { return errors_; }
  /// Samples (48 kHz) of silence inserted into gaps so far.
  std::int64_t gap_samples() const { return gap_samples_; }

 private:
  void receive(const StereoSink& sink);
  void convert(const AVFrame* f, const StereoSink& sink);
  void fill_gap(const AVFrame& f, const StereoSink& sink);
  const AVStream* stream_;
  std::string file_;
  CodecContextPtr dec_;
  FramePtr frame_ = make_frame();
  SwrContext* swr_ = nullptr;
  int swr_rate_ = 0, swr_fmt_ = -1, swr_ch_ = 0;
  std::vector<float> l_, r_;
  double first_pts_s_;
  int errors_ = 0;
  std::int64_t emitted_ = 0, gap_samples_ = 0;  ///< 48 kHz samples handed to sinks / of inserted silence
};

}  // namespace reelscale::media
