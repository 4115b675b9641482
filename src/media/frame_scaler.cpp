#include "media/frame_scaler.hpp"
#include "media/detail/libav.hpp"

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
    case AV_PIX_FMT_YUVJ420P:
      *full_range = true;
      return AV_PIX_FMT_YUV420P;
    case AV_PIX_FMT_YUVJ422P:
      *full_range = true;
      return AV_PIX_FMT_YUV422P;
    case AV_PIX_FMT_YUVJ444P:
      *full_range = true;
      return AV_PIX_FMT_YUV444P;
    case AV_PIX_FMT_YUVJ440P:
      *full_range = true;
      return AV_PIX_FMT_YUV440P;
    case AV_PIX_FMT_YUVJ411P:
      *full_range = true;
      return AV_PIX_FMT_YUV411P;
    default:
      return f;
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
  int* inv = nullptr;
  int src_range = 0;
  int* tbl = nullptr;
  int dst_range = 0;
  int brightness = 0, contrast = 0, saturation = 0;
  if (sws_getColorspaceDetails(ctx.get(), &inv, &src_range, &tbl, &dst_range, &brightness, &contrast, &saturation) >=
      0) {
    const int* coeffs = sws_getCoefficients(colorspace == AVCOL_SPC_UNSPECIFIED ? SWS_CS_DEFAULT : colorspace);
    sws_setColorspaceDetails(ctx.get(), coeffs, src_full ? 1 : 0, coeffs, dst_full ? 1 : 0, brightness, contrast,
                             saturation);
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
        case 1:
          dx = h - 1 - y;
          dy = x;
          break;
        case 2:
          dx = w - 1 - x;
          dy = h - 1 - y;
          break;
        case 3:
          dx = y;
          dy = w - 1 - x;
          break;
        default:
          break;
      }
      const std::uint8_t* s = src + (std::size_t(y) * w + x) * ch;
      std::uint8_t* d = dst + (std::size_t(dy) * dw + dx) * ch;
      for (int c = 0; c < ch; ++c) d[c] = s[c];
    }
  }
}

}  // namespace

namespace {

/// True for 8-bit planar YUV with at most 4x chroma subsampling (yuv420p, yuv422p,
/// yuv444p, yuv411p, yuv440p and their full-range J aliases).
bool box_path_format(AVPixelFormat f) {
  const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(f);
  if (!d || d->nb_components < 3 ||
      (d->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_HWACCEL | AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_BITSTREAM)))
    return false;
  if (!(d->flags & AV_PIX_FMT_FLAG_PLANAR) || d->log2_chroma_w > 2 || d->log2_chroma_h > 2) return false;
  for (int c = 0; c < 3; ++c)
    if (d->comp[c].depth != 8 || d->comp[c].step != 1 || d->comp[c].plane != c) return false;
  return true;
}

kernels::GrayView plane_view(const AVFrame& f, int plane, int w, int h) {
  return {f.data[plane], w, h, f.linesize[plane]};
}

}  // namespace

void FrameScaler::rebuild(const AVFrame& frame, Rational sar, int turns) {
  src_w_ = frame.width;
  src_h_ = frame.height;
  src_fmt_ = frame.format;
  src_sar_ = sar;
  turns_ = turns;
  const double sar_d = (sar.num > 0 && sar.den > 0) ? sar.value() : 1.0;
  // Target size in the coded orientation: the upright analysis image keeps the
  // display aspect (sides swapped for quarter turns).
  double coded_aspect = double(frame.width) * sar_d / std::max(1, frame.height);
  const double upright_aspect = (turns % 2) ? 1.0 / coded_aspect : coded_aspect;
  const int up_w = geom_.gray_width, up_h = even_height(up_w, upright_aspect);
  const int target_w = (turns % 2) ? up_h : up_w;
  const int target_h = (turns % 2) ? up_w : up_h;

  bool full = frame.color_range == AVCOL_RANGE_JPEG;
  const AVPixelFormat sf = normalise(AVPixelFormat(frame.format), &full);
  const int cs = frame.colorspace;
  fx_ = std::max(1, int(std::lround(double(frame.width) / target_w)));
  fy_ = std::max(1, int(std::lround(double(frame.height) / target_h)));
  fast_ = box_path_format(AVPixelFormat(frame.format)) && fx_ <= 16 && fy_ <= 16 &&
          frame.width / fx_ >= 8 * kBgrFactor && frame.height / fy_ >= 8 * kBgrFactor;
  if (fast_) {
    const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(AVPixelFormat(frame.format));
    sx_ = d->log2_chroma_w;
    sy_ = d->log2_chroma_h;
    cw_ = frame.width / fx_;
    ch_ = frame.height / fy_;
    cbw_ = cw_ / kBgrFactor;
    cbh_ = ch_ / kBgrFactor;
    limited_ = !full;
    matrix_ = kernels::yuv_matrix_for(cs, frame.height, full);
    const int chroma_w = AV_CEIL_RSHIFT(frame.width, sx_), chroma_h = AV_CEIL_RSHIFT(frame.height, sy_);
    const int cfx = (fx_ * kBgrFactor) >> sx_, cfy = (fy_ * kBgrFactor) >> sy_;
    small_y_.assign(std::size_t(cbw_) * cbh_, 0);
    small_u_.assign(std::size_t(chroma_w / cfx) * (chroma_h / cfy), 0);
    small_v_.assign(small_u_.size(), 0);
    to_yuv_.reset();
    yuv_to_bgr_.reset();
    yuv_.clear();
  } else {
    cw_ = target_w;
    ch_ = target_h;
    cbw_ = (turns % 2) ? even_height(geom_.bgr_width, upright_aspect) : geom_.bgr_width;
    cbh_ = (turns % 2) ? geom_.bgr_width : even_height(geom_.bgr_width, upright_aspect);
    to_yuv_ = make_context(frame.width, frame.height, sf, full, cw_, ch_, AV_PIX_FMT_YUV444P, true, cs);
    yuv_to_bgr_ = make_context(cw_, ch_, AV_PIX_FMT_YUV444P, true, cbw_, cbh_, AV_PIX_FMT_BGR24, true, cs);
    yuv_.assign(std::size_t(3) * cw_ * ch_, 0);
  }
  yuv_to_gray32_ = make_context(cw_, ch_, AV_PIX_FMT_GRAY8, true, 32, 32, AV_PIX_FMT_GRAY8, true, cs);
  gw_ = (turns % 2) ? ch_ : cw_;
  gh_ = (turns % 2) ? cw_ : ch_;
  bw_ = (turns % 2) ? cbh_ : cbw_;
  bh_ = (turns % 2) ? cbw_ : cbh_;
  coded_gray_.assign(std::size_t(cw_) * ch_, 0);
  coded_bgr_.assign(std::size_t(3) * cbw_ * cbh_, 0);
  scratch_.assign(32 * 32, 0);
  gray_.assign(coded_gray_.size(), 0);
  gray32_.assign(32 * 32, 0);
  bgr_.assign(coded_bgr_.size(), 0);
}

void FrameScaler::convert_fast(const AVFrame& frame) {
  namespace k = kernels;
  const int chroma_w = AV_CEIL_RSHIFT(frame.width, sx_), chroma_h = AV_CEIL_RSHIFT(frame.height, sy_);
  const int cfx = (fx_ * kBgrFactor) >> sx_, cfy = (fy_ * kBgrFactor) >> sy_;
  k::box_downscale(plane_view(frame, 0, frame.width, frame.height), fx_, fy_, coded_gray_);
  k::box_downscale(plane_view(frame, 1, chroma_w, chroma_h), cfx, cfy, small_u_);
  k::box_downscale(plane_view(frame, 2, chroma_w, chroma_h), cfx, cfy, small_v_);
  k::box_downscale({coded_gray_.data(), cw_, ch_, cw_}, kBgrFactor, kBgrFactor, small_y_);
  const int uw = chroma_w / cfx;  // >= cbw_: chroma planes round up
  k::yuv_to_bgr({small_y_.data(), cbw_, cbh_, cbw_}, {small_u_.data(), cbw_, cbh_, uw},
                {small_v_.data(), cbw_, cbh_, uw}, matrix_, coded_bgr_);
  if (limited_) k::luma_to_full_range(coded_gray_);
}

void FrameScaler::convert_swscale(const AVFrame& frame) {
  const std::size_t plane = std::size_t(cw_) * ch_;
  std::uint8_t* yuv[4] = {yuv_.data(), yuv_.data() + plane, yuv_.data() + 2 * plane, nullptr};
  int yuv_stride[4] = {cw_, cw_, cw_, 0};
  sws_scale(to_yuv_.get(), frame.data, frame.linesize, 0, frame.height, yuv, yuv_stride);
  std::copy_n(yuv[0], plane, coded_gray_.data());
  std::uint8_t* out[4] = {coded_bgr_.data(), nullptr, nullptr, nullptr};
  int out_stride[4] = {3 * cbw_, 0, 0, 0};
  sws_scale(yuv_to_bgr_.get(), yuv, yuv_stride, 0, ch_, out, out_stride);
}

void FrameScaler::finish() {
  // pHash input from the grey analysis image (small: cheap), then everything upright.
  const std::uint8_t* in[4] = {coded_gray_.data(), nullptr, nullptr, nullptr};
  int in_stride[4] = {cw_, 0, 0, 0};
  std::uint8_t* target = turns_ ? scratch_.data() : gray32_.data();
  std::uint8_t* out[4] = {target, nullptr, nullptr, nullptr};
  int out_stride[4] = {32, 0, 0, 0};
  sws_scale(yuv_to_gray32_.get(), in, in_stride, 0, ch_, out, out_stride);
  if (turns_) {
    rotate_clockwise(scratch_.data(), 32, 32, 1, turns_, gray32_.data());
    rotate_clockwise(coded_gray_.data(), cw_, ch_, 1, turns_, gray_.data());
    rotate_clockwise(coded_bgr_.data(), cbw_, cbh_, 3, turns_, bgr_.data());
  } else {
    gray_.swap(coded_gray_);
    bgr_.swap(coded_bgr_);
  }
}

void FrameScaler::convert(const AVFrame& frame, Rational sar, double rotation_deg) {
  const int turns = upright_turns(rotation_deg);
  if (frame.width != src_w_ || frame.height != src_h_ || frame.format != src_fmt_ || av_cmp_q(to_av(sar), to_av(src_sar_)) != 0 ||
      turns != turns_ || !yuv_to_gray32_) {
    rebuild(frame, sar, turns);
  }
  if (fast_)
    convert_fast(frame);
  else
    convert_swscale(frame);
  finish();
}

}  // namespace reelscale::media
