#include "media/rung_scaler.hpp"
#include "media/detail/libav.hpp"

#include "media/filter_chain.hpp"

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

namespace reelscale::media {

RungScaler::RungScaler(int width, int height, bool deinterlace, std::string file, int turns)
    : w_(turns % 2 ? height : width), h_(turns % 2 ? width : height), file_(std::move(file)) {
  if (deinterlace) deint_ = std::make_unique<FilterChain>("yadif=mode=send_frame:deint=interlaced", file_);
  if (const std::string r = rotation_filter(turns); !r.empty()) rotate_ = std::make_unique<FilterChain>(r, file_);
}

RungScaler::~RungScaler() = default;

void RungScaler::scale(const AVFrame& in, const FrameSink& sink) {
  const bool full = in.color_range == AVCOL_RANGE_JPEG || in.format == AV_PIX_FMT_YUVJ420P ||
                    in.format == AV_PIX_FMT_YUVJ422P || in.format == AV_PIX_FMT_YUVJ444P;
  if (in.width == w_ && in.height == h_ && in.format == AV_PIX_FMT_YUV420P && !full) {
    // Already the rung's size and format: pass the picture on (a reference, no copy), as
    // ffmpeg's scale filter does when nothing changes.
    FramePtr same = make_frame();
    if (int rc = av_frame_ref(same.get(), &in); rc < 0) throw_media_error("cannot reference a frame of", file_, rc);
    if (rotate_) return rotate_->push(same.get(), sink);
    return sink(same.get());
  }
  if (!sws_ || in.width != sws_w_ || in.height != sws_h_ || in.format != sws_fmt_ || int(full) != sws_range_) {
    sws_.reset(sws_getContext(in.width, in.height, AVPixelFormat(in.format), w_, h_, AV_PIX_FMT_YUV420P, SWS_BICUBIC,
                              nullptr, nullptr, nullptr));
    if (!sws_) {
      const char* name = av_get_pix_fmt_name(AVPixelFormat(in.format));
      throw MediaError("libswscale cannot convert pixel format '" + std::string(name ? name : "?") + "' of '" + file_ + "'");
    }
    const int* coef = sws_getCoefficients(in.colorspace == AVCOL_SPC_BT709 ? SWS_CS_ITU709 : SWS_CS_DEFAULT);
    sws_setColorspaceDetails(sws_.get(), coef, full ? 1 : 0, coef, 0, 0, 1 << 16, 1 << 16);
    sws_w_ = in.width, sws_h_ = in.height, sws_fmt_ = in.format, sws_range_ = int(full);
  }
  FramePtr out = make_frame();
  out->width = w_;
  out->height = h_;
  out->format = AV_PIX_FMT_YUV420P;
  if (int rc = av_frame_get_buffer(out.get(), 0); rc < 0) throw_media_error("cannot allocate a frame for", file_, rc);
  sws_scale(sws_.get(), in.data, in.linesize, 0, in.height, out->data, out->linesize);
  out->pts = in.pts;
  if (rotate_) return rotate_->push(out.get(), sink);  // transpose keeps one frame per frame
  sink(out.get());
}

void RungScaler::push(const AVFrame* in, const FrameSink& sink) {
  if (!deint_) return scale(*in, sink);
  deint_->push(in, [&](AVFrame* f) { scale(*f, sink); });
}

void RungScaler::flush(const FrameSink& sink) {
  if (deint_) deint_->flush([&](AVFrame* f) { scale(*f, sink); });
  if (rotate_) rotate_->flush(sink);
}

}  // namespace reelscale::media
