/// @file laplacian.cpp
/// Variance of the 4-neighbour Laplacian (as cv::Laplacian ksize=1, BORDER_REFLECT_101).
/// Every response is an integer, so sums are accumulated exactly in integers and the
/// variance is formed from exact (n * sum_sq - sum^2) / n^2.

#include <algorithm>
#include <cstdint>

#include "reelscale/kernels/frame_kernels.hpp"

namespace reelscale::kernels {
namespace {

__extension__ typedef __int128 Int128;

/// BORDER_REFLECT_101 index for i in [-1, len] (gfedcb|abcdefgh|gfedcba); len 1 maps to 0.
inline int reflect101(int i, int len) {
  if (len == 1) return 0;
  if (i < 0) return 1;
  if (i >= len) return len - 2;
  return i;
}

/// Sum and sum of squares of the interior responses of one row, x in [1, w-1).
/// |r| <= 1020, so r*r <= 1,040,400 and a chunk of 2,048 squares stays below 2^31:
/// int32 lanes are exact, and the compiler vectorises the chunk loop (AVX2 clone,
/// chosen at load time; the result is the same integer on every path).
__attribute__((target_clones("avx2", "default"))) void row_sums(const std::uint8_t* __restrict up,
                                                                const std::uint8_t* __restrict mid,
                                                                const std::uint8_t* __restrict dn, int w,
                                                                std::int64_t& sum, std::int64_t& sum_sq) {
  constexpr int kChunk = 2048;
  for (int x0 = 1; x0 < w - 1; x0 += kChunk) {
    const int x1 = std::min(w - 1, x0 + kChunk);
    std::int32_t rs = 0, rsq = 0;
    for (int x = x0; x < x1; ++x) {
      const std::int32_t r = std::int32_t(up[x]) + dn[x] + mid[x - 1] + mid[x + 1] - 4 * std::int32_t(mid[x]);
      rs += r;
      rsq += r * r;
    }
    sum += rs;
    sum_sq += rsq;
  }
}

}  // namespace

double laplacian_variance(const GrayView& img) {
  const int w = img.width;
  const int h = img.height;
  if (w <= 0 || h <= 0 || img.data == nullptr) return 0.0;

  std::int64_t sum = 0;
  std::uint64_t sum_sq = 0;
  const int xl = reflect101(-1, w);  // left neighbour of x = 0
  const int xr = reflect101(w, w);   // right neighbour of x = w-1

  for (int y = 0; y < h; ++y) {
    const std::uint8_t* up = img.row(reflect101(y - 1, h));
    const std::uint8_t* mid = img.row(y);
    const std::uint8_t* dn = img.row(reflect101(y + 1, h));

    auto at = [&](int x, int left, int right) {
      const int r = up[x] + dn[x] + mid[left] + mid[right] - 4 * mid[x];
      sum += r;
      sum_sq += static_cast<std::uint64_t>(r * r);
    };

    if (w == 1) {
      at(0, 0, 0);
      continue;
    }
    at(0, xl, 1);
    std::int64_t rs = 0, rsq = 0;
    row_sums(up, mid, dn, w, rs, rsq);
    sum += rs;
    sum_sq += static_cast<std::uint64_t>(rsq);
    at(w - 1, w - 2, xr);
  }

  const Int128 n = static_cast<Int128>(w) * h;
  const Int128 num = n * static_cast<Int128>(sum_sq) - static_cast<Int128>(sum) * sum;
  const double nd = static_cast<double>(n);
  return static_cast<double>(num) / nd / nd;
}

}  // namespace reelscale::kernels
