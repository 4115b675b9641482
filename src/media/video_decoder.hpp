#pragma once
/// @file video_decoder.hpp
/// Demux + decode of one video stream, frames out in presentation order.

#include <cstdint>
#include <functional>
#include <string>

#include "media/ffmpeg_ptr.hpp"
#include "media/rational.hpp"

namespace reelscale::media {

/// Reads packets from `fmt` and decodes stream `stream_index` with libavcodec
/// frame threading. Packets of other streams go to an optional callback, so a
/// single read of the file can feed other analyses (audio).
/// Errors inside the stream (bad packets, corrupt frames) are counted, not thrown,
/// and decoding goes on; a read error other than end-of-file ends the stream and
/// is kept in `read_error()`.
class VideoDecoder {
 public:
  /// @param threads   libavcodec frame threads (0 = let FFmpeg choose)
  /// @param min_width 0: full decode. Otherwise reduced decoding (`--decode fast`): every frame
  ///                  is still decoded, but at the lowest libavcodec `lowres` level (1/2, 1/4, 1/8
  ///                  of the size; MPEG-1/2, MPEG-4 ASP, H.263, MJPEG, DV...) whose width stays at
  ///                  least `min_width` pixels, and without the in-loop deblocking filter
  ///                  (`skip_loop_filter`) for codecs that have one (H.264, HEVC, VP8...).
  /// @throws MediaError when no decoder exists for the codec or it cannot open.
  VideoDecoder(AVFormatContext* fmt, int stream_index, const std::string& file, int threads, int min_width = 0);

  /// Called for every packet that does not belong to the video stream.
  void on_other_packet(std::function<void(const AVPacket&)> cb);

  /// Decodes the next frame into `out` (unreferenced first). Returns false at
  /// the end of the stream. Never throws for damaged input.
  bool next(AVFrame* out);

  /// Packets rejected by the decoder plus frames flagged corrupt.
  std::int64_t errors() const { return errors_; }
  /// First demux/decode error text (with FFmpeg's error string), empty if none.
  const std::string& first_error() const { return first_error_; }
  /// True when demuxing stopped on an error rather than end of file.
  bool read_error() const { return read_error_; }
  /// Stream time base, for PTS in seconds.
  Rational time_base() const;
  const AVCodecContext* codec_context() const { return codec_.get(); }
  /// The reduced decoding in use, e.g. "lowres 1" or "skip_loop_filter"; empty for a full decode.
  const std::string& reduction() const { return reduction_; }

 private:
  void note_error(const std::string& what, int rc);
  bool feed();  ///< sends one packet (or the flush); false when nothing is left to send

  AVFormatContext* fmt_;
  AVStream* stream_;
  std::string file_;
  CodecContextPtr codec_;
  PacketPtr packet_;
  std::function<void(const AVPacket&)> other_;
  bool flushed_ = false;
  bool read_error_ = false;
  std::int64_t errors_ = 0;
  std::string first_error_;
  std::string reduction_;
};

/// The libavcodec `lowres` level for a `width`-pixel stream of a codec supporting up to
/// `max_lowres`: the largest l <= max_lowres with width >> l >= min_width (0 when none).
int lowres_level(int width, int max_lowres, int min_width);

}  // namespace reelscale::media
