#include "media/ffmpeg_ptr.hpp"

#include <new>

#include "media/byte_source.hpp"
#include "media/detail/libav.hpp"

extern "C" {
#include <libavutil/error.h>
}

namespace reelscale::media {

void FormatContextDeleter::operator()(AVFormatContext* p) const {
  AVIOContext* custom = (p && (p->flags & AVFMT_FLAG_CUSTOM_IO)) ? p->pb : nullptr;
  avformat_close_input(&p);
  free_custom_io(custom);
}

void CodecContextDeleter::operator()(AVCodecContext* p) const { avcodec_free_context(&p); }
void FrameDeleter::operator()(AVFrame* p) const { av_frame_free(&p); }
void PacketDeleter::operator()(AVPacket* p) const { av_packet_free(&p); }
void SwsContextDeleter::operator()(SwsContext* p) const { sws_freeContext(p); }

FramePtr make_frame() {
  FramePtr f(av_frame_alloc());
  if (!f) throw std::bad_alloc();
  return f;
}

PacketPtr make_packet() {
  PacketPtr p(av_packet_alloc());
  if (!p) throw std::bad_alloc();
  return p;
}

std::string av_error_string(int errnum) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {0};
  if (av_strerror(errnum, buf, sizeof buf) < 0) return "unknown FFmpeg error " + std::to_string(errnum);
  return buf;
}

void throw_media_error(const std::string& what, const std::string& file, int errnum) {
  throw MediaError(what + " '" + file + "': " + av_error_string(errnum));
}

}  // namespace reelscale::media
