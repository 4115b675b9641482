#pragma once
/// @file ffmpeg_ptr.hpp
/// RAII owners for FFmpeg handles (std::unique_ptr with deleters) and the
/// error type used at the media boundary. Version differences live in
/// ffmpeg_compat.hpp, nowhere else.

#include <memory>
#include <stdexcept>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

namespace reelscale::media {

/// Closes the input; a custom pb (media/byte_source.hpp) is freed with it.
struct FormatContextDeleter {
  void operator()(AVFormatContext* p) const;
};
struct CodecContextDeleter {
  void operator()(AVCodecContext* p) const { avcodec_free_context(&p); }
};
struct FrameDeleter {
  void operator()(AVFrame* p) const { av_frame_free(&p); }
};
struct PacketDeleter {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwsContextDeleter {
  void operator()(SwsContext* p) const { sws_freeContext(p); }
};

using FormatContextPtr = std::unique_ptr<AVFormatContext, FormatContextDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using SwsContextPtr = std::unique_ptr<SwsContext, SwsContextDeleter>;

/// A freshly allocated AVFrame. @throws std::bad_alloc.
FramePtr make_frame();
/// A freshly allocated AVPacket. @throws std::bad_alloc.
PacketPtr make_packet();

/// FFmpeg's text for an AVERROR code (av_strerror), e.g. "Invalid data found when processing input".
std::string av_error_string(int errnum);

/// An error at the media boundary; the message names the file and FFmpeg's error string.
class MediaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Builds "<what> '<file>': <av_strerror(errnum)>" and throws MediaError.
[[noreturn]] void throw_media_error(const std::string& what, const std::string& file, int errnum);

}  // namespace reelscale::media
