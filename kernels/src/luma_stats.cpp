/// @file luma_stats.cpp
/// Mean grey level and black-pixel fraction of a luma image.

#include <cmath>
#include <cstdint>

#include "reelscale/kernels/frame_kernels.hpp"

namespace reelscale::kernels {

LumaStats luma_stats(const GrayView& img, float black_threshold) {
  LumaStats out;
  if (img.width <= 0 || img.height <= 0 || img.data == nullptr) return out;

  // Pixels are integers, so v < t  <=>  v < ceil(t); clamp to 0..256.
  const float limit_f = std::ceil(black_threshold);
  const int limit = limit_f <= 0.0f ? 0 : (limit_f >= 256.0f ? 256 : static_cast<int>(limit_f));

  std::uint64_t sum = 0;
  std::uint64_t black = 0;
  for (int y = 0; y < img.height; ++y) {
    const std::uint8_t* p = img.row(y);
    std::uint32_t rs = 0;  // per-row accumulators: w * 255 fits easily
    std::uint32_t rb = 0;
    for (int x = 0; x < img.width; ++x) {
      rs += p[x];
      rb += p[x] < limit ? 1u : 0u;
    }
    sum += rs;
    black += rb;
  }
  const double n = static_cast<double>(img.width) * img.height;
  out.mean_luma = static_cast<float>(static_cast<double>(sum) / n);
  out.black_fraction = static_cast<float>(static_cast<double>(black) / n);
  return out;
}

}  // namespace reelscale::kernels
