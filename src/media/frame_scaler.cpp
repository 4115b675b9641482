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

/// An area-averaging swscale context. `src_full`/`dst_full` select full (JPEG)
/// or limited (MPEG) range; `colorspace` (AVColorSpace) picks the YUV<->RGB matrix.
SwsContextPtr make_context(int sw, int sh, AVPixelFormat sf, bool src_full, int dw, int dh, AVPixelFormat df,
                           bool dst_full, int colorspace) {
  SwsContextPtr ctx(sws_getContext(sw, sh, sf, dw, dh, df, SWS_AREA, nullptr, nullptr, nullptr));
  if (!ctx) {
    const char* name = av_get_pix_fmt_name(sf);
    throw MediaError(std::string("swscale cannot convert pixel format ") + (name ? name : "?"));
  }
  int* inv = nullptr; int src_range = 0; int* tbl = nullptr; int dst_range = 0;
  int brightness = 0, contrast = 0, saturation = 0;
  if (sws_getColorspaceDetails(ctx.get(), &inv, &src_range, &tbl, &dst_range, &brightness, &contrast,
                               &saturation) >= 0) {
    const int* coeffs = sws_getCoefficients(colorspace == AVCOL_SPC_UNSPECIFIED ? SWS_CS_DEFAULT : colorspace);
    sws_setColorspaceDetails(ctx.get(), coeffs, src_full ? 1 : 0, coeffs, dst_full ? 1 : 0, brightness,
                             contrast, saturation);
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
  // Everything is scaled in the coded orientation (sides swapped for quarter turns)
  // and turned upright at the end.
  cw_ = (turns % 2) ? gh_ : gw_;
  ch_ = (turns % 2) ? gw_ : gh_;
  const int bcw = (turns % 2) ? bh_ : bw_;
  const int bch = (turns % 2) ? bw_ : bh_;
  bool full = frame.color_range == AVCOL_RANGE_JPEG;
  AVPixelFormat sf = normalise(AVPixelFormat(frame.format), &full);
  const int cs = frame.colorspace;
  // One pass over the full-size frame: to full-range YUV 4:4:4 at analysis size.
  // The smaller images are made from that, so the decoded frame is read once.
  to_yuv_ = make_context(frame.width, frame.height, sf, full, cw_, ch_, AV_PIX_FMT_YUV444P, true, cs);
  yuv_to_gray32_ = make_context(cw_, ch_, AV_PIX_FMT_GRAY8, true, 32, 32, AV_PIX_FMT_GRAY8, true, cs);
  yuv_to_bgr_ = make_context(cw_, ch_, AV_PIX_FMT_YUV444P, true, bcw, bch, AV_PIX_FMT_BGR24, true, cs);
  yuv_.assign(std::size_t(3) * cw_ * ch_, 0);
  scratch_.assign(std::max<std::size_t>(std::size_t(gw_) * gh_, std::size_t(3) * bw_ * bh_), 0);
  gray_.assign(size_t(gw_) * gh_, 0);
  gray32_.assign(32 * 32, 0);
  bgr_.assign(size_t(3) * bw_ * bh_, 0);
}

void FrameScaler::convert(const AVFrame& frame, AVRational sar, double rotation_deg) {
  const int turns = upright_turns(rotation_deg);
  if (frame.width != src_w_ || frame.height != src_h_ || frame.format != src_fmt_ ||
      av_cmp_q(sar, src_sar_) != 0 || turns != turns_ || !to_yuv_) {
    rebuild(frame, sar, turns);
  }
  const std::size_t plane = std::size_t(cw_) * ch_;
  std::uint8_t* yuv[4] = {yuv_.data(), yuv_.data() + plane, yuv_.data() + 2 * plane, nullptr};
  int yuv_stride[4] = {cw_, cw_, cw_, 0};
  sws_scale(to_yuv_.get(), frame.data, frame.linesize, 0, frame.height, yuv, yuv_stride);

  // The luma plane is the grey analysis image.
  if (turns_) rotate_clockwise(yuv[0], cw_, ch_, 1, turns_, gray_.data());
  else std::copy_n(yuv[0], plane, gray_.data());

  // Small images from the analysis-size YUV, written upright.
  auto scale = [&](SwsContext* ctx, int planes, std::uint8_t* dst, int w, int h, int channels) {
    std::uint8_t* target = turns_ ? scratch_.data() : dst;
    const int cw = (turns_ % 2) ? h : w;
    const int chh = (turns_ % 2) ? w : h;
    std::uint8_t* out[4] = {target, nullptr, nullptr, nullptr};
    int out_stride[4] = {cw * channels, 0, 0, 0};
    const std::uint8_t* in[4] = {yuv[0], planes > 1 ? yuv[1] : nullptr, planes > 1 ? yuv[2] : nullptr, nullptr};
    sws_scale(ctx, in, yuv_stride, 0, ch_, out, out_stride);
    if (turns_) rotate_clockwise(target, cw, chh, channels, turns_, dst);
  };
  scale(yuv_to_gray32_.get(), 1, gray32_.data(), 32, 32, 1);
  scale(yuv_to_bgr_.get(), 3, bgr_.data(), bw_, bh_, 3);
}

}  // namespace reelscale::media
