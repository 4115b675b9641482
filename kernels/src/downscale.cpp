#include "reelscale/kernels/downscale.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace reelscale::kernels {

namespace {

// clang 14 (the fuzz build, scripts/fuzz.sh) does not multiversion function templates.
#if defined(__clang__)
#define REELSCALE_TEMPLATE_CLONES
#else
#define REELSCALE_TEMPLATE_CLONES __attribute__((target_clones("avx2", "default")))
#endif

/// Sums fx adjacent column sums into each output pixel; FX > 0 fixes the factor
/// at compile time (unrolled), FX == 0 reads it from `fx`. The rounded mean
/// (s + half) / area is taken as (s + half) * recip >> 24 in 32 bits with
/// recip = 2^24 / area + 1, which equals the integer division (and does not
/// overflow) for every sum of `area` 8-bit values when area < 256 (checked
/// exhaustively for areas 1..255); larger areas use reduce_row_div.
/// Built for AVX2 as well as the baseline (function multiversioning, chosen at load time).
template <int FX>
REELSCALE_TEMPLATE_CLONES void reduce_row(const std::uint16_t* __restrict a, int dw, int fx,
                                                                  std::uint32_t half, std::uint32_t recip,
                                                                  std::uint8_t* __restrict out) {
  const int f = FX > 0 ? FX : fx;
  for (int ox = 0; ox < dw; ++ox) {
    std::uint32_t s = 0;
    for (int k = 0; k < f; ++k) s += a[ox * f + k];
    out[ox] = std::uint8_t(((s + half) * recip) >> 24);
  }
}

/// Column sums of `fy` rows starting at `r` (stride `stride`) into `a` (uint16 holds 64 * 255).
__attribute__((target_clones("avx2", "default"))) void column_sums(const std::uint8_t* __restrict r,
                                                                   std::ptrdiff_t stride, int fy, int w,
                                                                   std::uint16_t* __restrict a) {
  for (int x = 0; x < w; ++x) a[x] = r[x];
  for (int k = 1; k < fy; ++k) {
    const std::uint8_t* __restrict rk = r + k * stride;
    for (int x = 0; x < w; ++x) a[x] = std::uint16_t(a[x] + rk[x]);
  }
}

/// The same with a true division (areas of 256 and more).
void reduce_row_div(const std::uint16_t* __restrict a, int dw, int fx, std::uint32_t area, std::uint32_t half,
                    std::uint8_t* __restrict out) {
  for (int ox = 0; ox < dw; ++ox) {
    std::uint32_t s = 0;
    for (int k = 0; k < fx; ++k) s += a[ox * fx + k];
    out[ox] = std::uint8_t((s + half) / area);
  }
}

}  // namespace

void box_downscale(const GrayView& src, int fx, int fy, std::span<std::uint8_t> dst) {
  if (fx < 1 || fy < 1 || fx > 64 || fy > 64 || fx > src.width || fy > src.height)
    throw std::invalid_argument("box_downscale: bad factor");
  const int dw = src.width / fx, dh = src.height / fy;
  if (dst.size() < std::size_t(dw) * dh) throw std::invalid_argument("box_downscale: dst too small");
  const int used_w = dw * fx;
  const std::uint32_t area = std::uint32_t(fx) * std::uint32_t(fy);
  const std::uint32_t half = area / 2;
  const std::uint32_t recip = (std::uint32_t(1) << 24) / area + 1;
  // Column sums of fy rows (vectorised), then fx adjacent columns.
  thread_local std::vector<std::uint16_t> acc;
  acc.resize(std::size_t(used_w));
  std::uint16_t* __restrict a = acc.data();
  for (int oy = 0; oy < dh; ++oy) {
    column_sums(src.row(oy * fy), std::ptrdiff_t(src.stride), fy, used_w, a);
    std::uint8_t* out = dst.data() + std::size_t(oy) * dw;
    if (area >= 256) {
      reduce_row_div(a, dw, fx, area, half, out);
      continue;
    }
    switch (fx) {
      case 2:
        reduce_row<2>(a, dw, fx, half, recip, out);
        break;
      case 3:
        reduce_row<3>(a, dw, fx, half, recip, out);
        break;
      case 4:
        reduce_row<4>(a, dw, fx, half, recip, out);
        break;
      case 5:
        reduce_row<5>(a, dw, fx, half, recip, out);
        break;
      case 6:
        reduce_row<6>(a, dw, fx, half, recip, out);
        break;
      case 8:
        reduce_row<8>(a, dw, fx, half, recip, out);
        break;
      default:
        reduce_row<0>(a, dw, fx, half, recip, out);
        break;
    }
  }
}

YuvMatrix yuv_matrix_for(int matrix_code, int height, bool full_range) {
  YuvMatrix m;
  m.full_range = full_range;
  const bool bt709 = matrix_code == 1 || (matrix_code != 5 && matrix_code != 6 && height > 576);
  if (bt709) {
    m.kr = 0.2126f;
    m.kb = 0.0722f;
  }
  return m;
}

void yuv_to_bgr(const GrayView& y, const GrayView& u, const GrayView& v, const YuvMatrix& m,
                std::span<std::uint8_t> dst) {
  if (u.width != y.width || v.width != y.width || u.height != y.height || v.height != y.height ||
      dst.size() < std::size_t(3) * y.width * y.height)
    throw std::invalid_argument("yuv_to_bgr: size mismatch");
  const float kg = 1.0f - m.kr - m.kb;
  const float ys = m.full_range ? 1.0f : 255.0f / 219.0f;
  const float cs = m.full_range ? 1.0f : 255.0f / 224.0f;
  const float y0 = m.full_range ? 0.0f : 16.0f;
  const float rv = 2.0f * (1.0f - m.kr) * cs;
  const float bu = 2.0f * (1.0f - m.kb) * cs;
  const float gu = -2.0f * (1.0f - m.kb) * m.kb / kg * cs;
  const float gv = -2.0f * (1.0f - m.kr) * m.kr / kg * cs;
  auto clamp8 = [](float f) { return std::uint8_t(std::clamp(std::lround(f), 0L, 255L)); };
  for (int r = 0; r < y.height; ++r) {
    const std::uint8_t *py = y.row(r), *pu = u.row(r), *pv = v.row(r);
    std::uint8_t* out = dst.data() + std::size_t(r) * 3 * y.width;
    for (int x = 0; x < y.width; ++x) {
      const float L = (float(py[x]) - y0) * ys;
      const float U = float(pu[x]) - 128.0f, V = float(pv[x]) - 128.0f;
      out[3 * x + 0] = clamp8(L + bu * U);
      out[3 * x + 1] = clamp8(L + gu * U + gv * V);
      out[3 * x + 2] = clamp8(L + rv * V);
    }
  }
}

void luma_to_full_range(std::span<std::uint8_t> plane) {
  static const std::array<std::uint8_t, 256> lut = [] {
    std::array<std::uint8_t, 256> t{};
    for (int i = 0; i < 256; ++i)
      t[std::size_t(i)] = std::uint8_t(std::clamp(std::lround((i - 16) * 255.0 / 219.0), 0L, 255L));
    return t;
  }();
  for (auto& p : plane) p = lut[p];
}

}  // namespace reelscale::kernels
