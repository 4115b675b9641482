#pragma once
/// @file video_encoder.hpp
/// H.264 encoding with libx264 through libavcodec (one rendition).

#include <functional>
#include <string>

#include "media/detail/libav.hpp"
#include "media/ffmpeg_ptr.hpp"

namespace reelscale::media {

/// Settings of one H.264 encode. Mirrors ffmpeg's `-c:v libx264 -preset P -crf C -g G
/// -x264-params scenecut=0 -forced-idr 1` so benchmark command lines can match it.
struct VideoEncodeSettings {
  int width = 0, height = 0;        ///< coded size in pixels (even)
  AVRational time_base{1, 25};      ///< timestamps of the frames handed to encode()
  AVRational frame_rate{25, 1};     ///< nominal rate (rate control, default frame duration)
  AVRational sar{1, 1};             ///< sample aspect ratio written to the stream
  int crf = 23;                     ///< x264 constant rate factor (0..51, lower = better)
  std::string preset = "veryfast";  ///< x264 preset
  int gop = 250;                    ///< maximum keyframe interval, frames
  bool scenecut = false;            ///< x264's own scene-cut keyframes (off: keyframes only at GOP/forced, aligned across rungs)
  int threads = 0;                  ///< x264 threads (0 = auto)
  int bit_rate = 0;                 ///< bits/s; > 0 selects ABR instead of CRF
  AVColorSpace colorspace = AVCOL_SPC_UNSPECIFIED;  ///< written to the stream
  AVColorPrimaries primaries = AVCOL_PRI_UNSPECIFIED;
  AVColorTransferCharacteristic transfer = AVCOL_TRC_UNSPECIFIED;
};

/// One libx264 encoder (yuv420p input). Not thread-safe; one per rendition thread.
class VideoEncoder {
 public:
  using PacketSink = std::function<void(AVPacket*)>;
  /// @param file output file, for error messages
  /// @param global_header true for MP4 (SPS/PPS in extradata)
  /// @throws MediaError when libx264 is missing or refuses the settings.
  VideoEncoder(const VideoEncodeSettings& s, const std::string& file, bool global_header);

  /// Encodes one yuv420p frame of the configured size (pts in time_base);
  /// `force_key` makes it an IDR frame. Packets go to `sink` (pts/dts in time_base).
  /// @throws MediaError on encoder failure.
  void encode(AVFrame* frame, bool force_key, const PacketSink& sink);
  /// Drains the encoder. @throws MediaError on encoder failure.
  void flush(const PacketSink& sink);

  const AVCodecContext* context() const { return ctx_.get(); }

 private:
  void drain(const PacketSink& sink);
  std::string file_;
  CodecContextPtr ctx_;
  PacketPtr pkt_;
  std::int64_t default_duration_ = 1;
};

}  // namespace reelscale::media
