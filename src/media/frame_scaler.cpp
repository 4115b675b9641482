#include "media/frame_scaler.hpp"

#include <algorithm>
#include <cmath>

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace reelscale::media {
namespace {

int even_height(int width, double display_aspect) {
  int h = int(std::lround(width / display_aspect));
  h = std::max(2, h + (h & 1));
  return h;
}

/// Full-range JPEG pixel formats are deprecated aliases; swscale wants the range set explicitly.
AVPixelFormat normalise(AVPixelFormat f, bool* full_range) {
  switch (f) {
    case AV_PIX_FMT_YUVJ420P: *full_range = true; return AV_PIX_FMT_YUV420P;
    case AV_PIX_FMT_YUVJ422P: *full_range = true; return AV_PIX_FMT_YUV422P;
    case AV_PIX_FMT_YUVJ444P: *full_range = true; return AV_PIX_FMT_YUV444P;
    case AV_PIX_FMT_YUVJ440P: *full_range = true; return AV_PIX_FMT_YUV440P;
    case AV_PIX_FMT_YUVJ411P: *full_range = true; return AV_PIX_FMT_YUV411P;
    default: return f;
  }
}

SwsContextPtr make_context(int sw, int sh, AVPixelFormat sf, bool full_range, int dw, int dh,
                           AVPixelFormat df) {
  SwsContextPtr ctx(sws_getContext(sw, sh, sf, dw, dh, df, SWS_AREA, nullptr, nullptr, nullptr));
  if (!ctx) {
    const char* name = av_get_pix_fmt_name(sf);
    throw MediaError(std::string("swscale cannot convert pixel format ") + (name ? name : "?"));
  }
  if (full_range) {
    int* inv = nullptr; int src_range = 0; int* tbl = nullptr; int dst_range = 0;
    int brightness = 0, contrast = 0, saturation = 0;
    if (sws_getColorspaceDetails(ctx.get(), &inv, &src_range, &tbl, &dst_range, &brightness, &contrast,
                                 &saturation) >= 0) {
      sws_setColorspaceDetails(ctx.get(), inv, 1, tbl, dst_range, brightness, contrast, saturation);
    }
  }
  return ctx;
}

}  // namespace

void FrameScaler::rebuild(const AVFrame& frame, AVRational sar) {
  src_w_ = frame.width;
  src_h_ = frame.height;
  src_fmt_ = frame.format;
  src_sar_ = sar;
  double sar_d = (sar.num > 0 && sar.den > 0) ? av_q2d(sar) : 1.0;
  double aspect = double(frame.width) * sar_d / std::max(1, frame.height);
  gw_ = geom_.gray_width;
  gh_ = even_height(gw_, aspect);
  bw_ = geom_.bgr_width;
  bh_ = even_height(bw_, aspect);
  bool full = frame.color_range == AVCOL_RANGE_JPEG;
  AVPixelFormat sf = normalise(AVPixelFormat(frame.format), &full);
  to_gray_ = make_context(frame.width, frame.height, sf, full, gw_, gh_, AV_PIX_FMT_GRAY8);
  to_gray32_ = make_context(frame.width, frame.height, sf, full, 32, 32, AV_PIX_FMT_GRAY8);
  to_bgr_ = make_context(frame.width, frame.height, sf, full, bw_, bh_, AV_PIX_FMT_BGR24);
  gray_.assign(size_t(gw_) * gh_, 0);
  gray32_.assign(32 * 32, 0);
  bgr_.assign(size_t(3) * bw_ * bh_, 0);
}

void FrameScaler::convert(const AVFrame& frame, AVRational sar) {
  if (frame.width != src_w_ || frame.height != src_h_ || frame.format != src_fmt_ ||
      av_cmp_q(sar, src_sar_) != 0 || !to_gray_) {
    rebuild(frame, sar);
  }
  auto scale = [&](SwsContext* ctx, std::uint8_t* dst, int stride) {
    std::uint8_t* planes[4] = {dst, nullptr, nullptr, nullptr};
    int strides[4] = {stride, 0, 0, 0};
    sws_scale(ctx, frame.data, frame.linesize, 0, frame.height, planes, strides);
  };
  scale(to_gray_.get(), gray_.data(), gw_);
  scale(to_gray32_.get(), gray32_.data(), 32);
  scale(to_bgr_.get(), bgr_.data(), 3 * bw_);
}

}  // namespace reelscale::media
