#pragma once
/// @file aac_encoder.hpp
/// AAC-LC encoding (FFmpeg's native "aac" encoder) of 48 kHz stereo planar float.

#include <functional>
#include <string>

#include "media/detail/libav.hpp"
#include "media/ffmpeg_ptr.hpp"

struct AVAudioFifo;

namespace reelscale::media {

/// One AAC encoder; frames of 1024 samples are cut from whatever block sizes are pushed.
/// Packet timestamps are in 1/48000 s, starting at `start_sample`. Not thread-safe.
class AacEncoder {
 public:
  using PacketSink = std::function<void(AVPacket*)>;
  /// @param bit_rate bits/s (e.g. 128000); @param file output, for error messages
  /// @throws MediaError when the encoder cannot open.
  AacEncoder(int bit_rate, bool global_header, std::string file, std::int64_t start_sample = 0);
  ~AacEncoder();
  AacEncoder(const AacEncoder&) = delete;
  AacEncoder& operator=(const AacEncoder&) = delete;

  /// Queues `n` samples per channel and encodes every complete frame. @throws MediaError.
  void push(const float* left, const float* right, int n, const PacketSink& sink);
  /// Encodes the remainder (zero-padded by the encoder) and drains. @throws MediaError.
  void flush(const PacketSink& sink);
  const AVCodecContext* context() const { return ctx_.get(); }

 private:
  void send(int n, const PacketSink& sink);
  void drain(const PacketSink& sink);
  std::string file_;
  CodecContextPtr ctx_;
  AVAudioFifo* fifo_ = nullptr;
  FramePtr frame_ = make_frame();
  PacketPtr pkt_ = make_packet();
  std::int64_t next_pts_ = 0;
};

}  // namespace reelscale::media
