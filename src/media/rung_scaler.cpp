#include "media/rung_scaler.hpp"
#include "media/detail/libav.hpp"

#include <cstdio>

extern "C" {
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/pixdesc.h>
}

namespace reelscale::media {

RungScaler::RungScaler(int width, int height, bool deinterlace, std::string file)
    : w_(width), h_(height), deinterlace_(deinterlace), file_(std::move(file)) {}

RungScaler::~RungScaler() { avfilter_graph_free(&graph_); }

void RungScaler::build_graph(const AVFrame& in) {
  graph_ = avfilter_graph_alloc();
  if (!graph_) throw std::bad_alloc();
  char args[256];
  std::snprintf(args, sizeof args, "video_size=%dx%d:pix_fmt=%d:time_base=1/90000:pixel_aspect=%d/%d", in.width,
                in.height, in.format, in.sample_aspect_ratio.num, std::max(1, in.sample_aspect_ratio.den));
  int rc = avfilter_graph_create_filter(&src_, avfilter_get_by_name("buffer"), "in", args, nullptr, graph_);
  if (rc >= 0) rc = avfilter_graph_create_filter(&sink_, avfilter_get_by_name("buffersink"), "out", nullptr, nullptr, graph_);
  AVFilterContext* yadif = nullptr;
  if (rc >= 0)
    rc = avfilter_graph_create_filter(&yadif, avfilter_get_by_name("yadif"), "deint", "mode=send_frame:deint=interlaced",
                                      nullptr, graph_);
  if (rc >= 0) rc = avfilter_link(src_, 0, yadif, 0);
  if (rc >= 0) rc = avfilter_link(yadif, 0, sink_, 0);
  if (rc >= 0) rc = avfilter_graph_config(graph_, nullptr);
  if (rc < 0) throw_media_error("cannot set up the yadif deinterlacer for", file_, rc);
}

void RungScaler::scale(const AVFrame& in, const FrameSink& sink) {
  const bool full = in.color_range == AVCOL_RANGE_JPEG || in.format == AV_PIX_FMT_YUVJ420P ||
                    in.format == AV_PIX_FMT_YUVJ422P || in.format == AV_PIX_FMT_YUVJ444P;
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
  sink(out.get());
}

void RungScaler::pull(const FrameSink& sink) {
  for (;;) {
    av_frame_unref(deint_.get());
    int rc = av_buffersink_get_frame(sink_, deint_.get());
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
    if (rc < 0) throw_media_error("deinterlacing failed for", file_, rc);
    scale(*deint_, sink);
  }
}

void RungScaler::push(const AVFrame* in, const FrameSink& sink) {
  if (!deinterlace_) return scale(*in, sink);
  if (!graph_) build_graph(*in);
  FramePtr ref = make_frame();
  if (int rc = av_frame_ref(ref.get(), in); rc < 0) throw_media_error("cannot reference a frame of", file_, rc);
  if (int rc = av_buffersrc_add_frame_flags(src_, ref.get(), AV_BUFFERSRC_FLAG_KEEP_REF); rc < 0)
    throw_media_error("deinterlacer rejected a frame of", file_, rc);
  pull(sink);
}

void RungScaler::flush(const FrameSink& sink) {
  if (!graph_) return;
  if (int rc = av_buffersrc_add_frame_flags(src_, nullptr, 0); rc < 0) throw_media_error("cannot flush the deinterlacer for", file_, rc);
  pull(sink);
}

}  // namespace reelscale::media
