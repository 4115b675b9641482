#include "duplicates/crop_hash.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "reelscale/kernels/frame_kernels.hpp"

namespace reelscale::duplicates {

namespace {
constexpr int kSide = 16;

/// Max and mean of line i (rows when `rows`, else columns).
std::pair<int, double> line_stats(std::span<const std::uint8_t> t, int i, bool rows) {
  int mx = 0;
  double sum = 0;
  for (int j = 0; j < kSide; ++j) {
    const int v = rows ? t[i * kSide + j] : t[j * kSide + i];
    mx = std::max(mx, v), sum += v;
  }
  return {mx, sum / kSide};
}

/// Fractional [lo, hi) extent of the picture along one axis.
std::pair<double, double> extent(std::span<const std::uint8_t> t, bool rows) {
  int lo = 0, hi = kSide - 1;
  while (lo < kSide && line_stats(t, lo, rows).first <= kBarLevel) ++lo;
  while (hi >= 0 && line_stats(t, hi, rows).first <= kBarLevel) --hi;
  if (hi - lo + 1 < kSide / 2) return {0.0, double(kSide)};
  auto frac = [&](int edge, int inner) {
    const double e = line_stats(t, edge, rows).second, in = line_stats(t, inner, rows).second;
    return in > 0 ? std::clamp(e / in, 0.0, 1.0) : 1.0;
  };
  const double f_lo = lo > 0 ? frac(lo, lo + 1) : 1.0;
  const double f_hi = hi < kSide - 1 ? frac(hi, hi - 1) : 1.0;
  return {lo + 1.0 - f_lo, hi + f_hi};
}
}  // namespace

ActiveBox active_box(std::span<const std::uint8_t> thumb16) {
  const auto [y0, y1] = extent(thumb16, true);
  const auto [x0, x1] = extent(thumb16, false);
  return {x0, y0, x1, y1};
}

std::uint64_t crop_phash(std::span<const std::uint8_t> thumb16) {
  if (thumb16.size() != std::size_t(kSide * kSide))
    throw std::invalid_argument("crop_phash: thumbnail must hold 16x16 bytes");
  ActiveBox b = active_box(thumb16);
  // Keep the centre of the box: the outer rows/columns mix picture and bar.
  const double mx = kBoxMargin * (b.x1 - b.x0), my = kBoxMargin * (b.y1 - b.y0);
  b = {b.x0 + mx, b.y0 + my, b.x1 - mx, b.y1 - my};
  constexpr int n = kernels::kPHashInputSide;
  std::array<std::uint8_t, n * n> img{};
  auto at = [&](int y, int x) { return double(thumb16[std::clamp(y, 0, kSide - 1) * kSide + std::clamp(x, 0, kSide - 1)]); };
  for (int y = 0; y < n; ++y) {
    const double sy = b.y0 + (y + 0.5) * (b.y1 - b.y0) / n - 0.5;
    const int iy = static_cast<int>(std::floor(sy));
    const double fy = sy - iy;
    for (int x = 0; x < n; ++x) {
      const double sx = b.x0 + (x + 0.5) * (b.x1 - b.x0) / n - 0.5;
      const int ix = static_cast<int>(std::floor(sx));
      const double fx = sx - ix;
      const double v = (1 - fy) * ((1 - fx) * at(iy, ix) + fx * at(iy, ix + 1)) +
                       fy * ((1 - fx) * at(iy + 1, ix) + fx * at(iy + 1, ix + 1));
      img[y * n + x] = static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 255.0)));
    }
  }
  return kernels::phash64(kernels::GrayView{img.data(), n, n, n});
}

}  // namespace reelscale::duplicates
