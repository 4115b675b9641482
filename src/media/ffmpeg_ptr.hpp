#pragma once
/// @file ffmpeg_ptr.hpp
/// RAII owners for FFmpeg handles (std::unique_ptr with deleters) and the
/// error type used at the media boundary. Version differences live in
/// ffmpeg_compat.hpp, nowhere else.

#include <memory>
#include <stdexcept>
#include <string>

// FFmpeg's structs are opaque here: this header (and the FFmpeg-free headers built on it)
// may be included outside src/media; only src/media's .cpp files include libav* itself
// (media/detail/libav.hpp).
struct AVFormatContext;
struct AVCodecContext;
struct AVFrame;
struct AVPacket;
struct AVStream;
struct SwsContext;

namespace reelscale::media {

/// Closes the input; a custom pb (media/byte_source.hpp) is freed with it.
struct FormatContextDeleter {
  void operator()(AVFormatContext* p) const;
};
struct CodecContextDeleter {
  void operator()(AVCodecContext* p) const;
};
struct FrameDeleter {
  void operator()(AVFrame* p) const;
};
struct PacketDeleter {
  void operator()(AVPacket* p) const;
};
struct SwsContextDeleter {
  void operator()(SwsContext* p) const;
};

using FormatContextPtr = std::unique_ptr<AVFormatContext, FormatContextDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using SwsContextPtr = std::unique_ptr<SwsContext, SwsContextDeleter>;
/// An encoded packet of the read (audio for the analysers, audio for the renditions); opaque outside src/media.
using Packet = ::AVPacket;

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
