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

/// Clockwise quarter turns that make a frame upright: ffmpeg's autorotate uses
/// theta = -av_display_rotation_get(matrix), rounded to a multiple of 90.
int upright_turns(double rotation_deg) {
  double theta = std::fmod(-rotation_deg, 360.0);
  if (theta < 0) theta += 360.0;
  return int(std::lround(theta / 90.0)) % 4;
}

/// Rotates a w x h image of `ch` interleaved 8-bit channels clockwise by
/// `turns` quarter turns into `dst` (h x w for odd turns). Rows are tightly packed.
void rotate_clockwise(const std::uint8_t* src, int w, int h, int ch, int turns, std::uint8_t* dst) {
  const int dw = (turns % 2) ? h : w;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      int dx = x, dy = y;
      switch (turns) {
        case 1: dx = h - 1 - y; dy = x; break;
        case 2: dx = w - 1 - x; dy = h - 1 - y; break;
        case 3: dx = y; dy = w - 1 - x; break;
        default: break;
      }
      const std::uint8_t* s = src + (std::size_t(y) * w + x) * ch;
      std::uint8_t* d = dst + (std::size_t(dy) * dw + dx) * ch;
      for (int c = 0; c < ch; ++c) d[c] = s[c];
    }
  }
}

}  // namespace

void FrameScaler::rebuild(const AVFrame& frame, AVRational sar, int turns) {
  src_w_ = frame.width;
  src_h_ = frame.height;
  src_fmt_ = frame.format;
  src_sar_ = sar;
  turns_ = turns;
  double sar_d = (sar.num > 0 && sar.den > 0) ? av_q2d(sar) : 1.0;
  double aspect = double(frame.width) * sar_d / std::max(1, frame.height);
  if (turns % 2) aspect = 1.0 / aspect;  // upright display aspect
  gw_ = geom_.gray_width;
  gh_ = even_height(gw_, aspect);
  bw_ = geom_.bgr_width;
  bh_ = even_height(bw_, aspect);
  // Scale in the coded orientation (width and height swapped for quarter turns).
  auto coded = [&](int w, int h) { return (turns % 2) ? std::pair{h, w} : std::pair{w, h}; };
  bool full = frame.color_range == AVCOL_RANGE_JPEG;
  AVPixelFormat sf = normalise(AVPixelFormat(frame.format), &full);
  auto [gcw, gch] = coded(gw_, gh_);
  auto [bcw, bch] = coded(bw_, bh_);
  to_gray_ = make_context(frame.width, frame.height, sf, full, gcw, gch, AV_PIX_FMT_GRAY8);
  to_gray32_ = make_context(frame.width, frame.height, sf, full, 32, 32, AV_PIX_FMT_GRAY8);
  to_bgr_ = make_context(frame.width, frame.height, sf, full, bcw, bch, AV_PIX_FMT_BGR24);
  scratch_.assign(std::max<std::size_t>(std::size_t(gw_) * gh_, std::size_t(3) * bw_ * bh_), 0);
  gray_.assign(size_t(gw_) * gh_, 0);
  gray32_.assign(32 * 32, 0);
  bgr_.assign(size_t(3) * bw_ * bh_, 0);
}

void FrameScaler::convert(const AVFrame& frame, AVRational sar, double rotation_deg) {
  const int turns = upright_turns(rotation_deg);
  if (frame.width != src_w_ || frame.height != src_h_ || frame.format != src_fmt_ ||
      av_cmp_q(sar, src_sar_) != 0 || turns != turns_ || !to_gray_) {
    rebuild(frame, sar, turns);
  }
  // Scales into `dst` directly when upright, else into scratch and rotates.
  auto scale = [&](SwsContext* ctx, std::uint8_t* dst, int w, int h, int ch) {
    std::uint8_t* target = turns_ ? scratch_.data() : dst;
    const int cw = (turns_ % 2) ? h : w;
    const int chh = (turns_ % 2) ? w : h;
    std::uint8_t* planes[4] = {target, nullptr, nullptr, nullptr};
    int strides[4] = {cw * ch, 0, 0, 0};
    sws_scale(ctx, frame.data, frame.linesize, 0, frame.height, planes, strides);
    if (turns_) rotate_clockwise(target, cw, chh, ch, turns_, dst);
  };
  scale(to_gray_.get(), gray_.data(), gw_, gh_, 1);
  scale(to_gray32_.get(), gray32_.data(), 32, 32, 1);
  scale(to_bgr_.get(), bgr_.data(), bw_, bh_, 3);
}

}  // namespace reelscale::media
