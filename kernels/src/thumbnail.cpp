/// @file thumbnail.cpp
/// 16x16 luma thumbnail (2x2 box average of the 32x32 pHash input) and its distance.

#include <cstdint>
#include <cstdlib>
#include <stdexcept>

#include "reelscale/kernels/frame_kernels.hpp"

namespace reelscale::kernels {

void luma_thumbnail(const GrayView& img32, std::span<std::uint8_t> out) {
  constexpr int kIn = 2 * kThumbSide;
  if (img32.width != kIn || img32.height != kIn || img32.data == nullptr) {
    throw std::invalid_argument("luma_thumbnail: input must be a 32x32 grey image");
  }
  if (out.size() != static_cast<std::size_t>(kThumbSide * kThumbSide)) {
    throw std::invalid_argument("luma_thumbnail: output must have kThumbSide^2 elements");
  }
  for (int ty = 0; ty < kThumbSide; ++ty) {
    const std::uint8_t* r0 = img32.row(2 * ty);
    const std::uint8_t* r1 = img32.row(2 * ty + 1);
    std::uint8_t* dst = out.data() + ty * kThumbSide;
    for (int tx = 0; tx < kThumbSide; ++tx) {
      const int s = r0[2 * tx] + r0[2 * tx + 1] + r1[2 * tx] + r1[2 * tx + 1];
      dst[tx] = static_cast<std::uint8_t>((s + 2) >> 2);
    }
  }
}

float thumbnail_distance(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  if (a.size() != b.size()) {
    throw std::invalid_argument("thumbnail_distance: thumbnails differ in size");
  }
  if (a.empty()) return 0.0f;
  std::uint64_t sad = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sad += static_cast<std::uint64_t>(std::abs(int{a[i]} - int{b[i]}));
  return static_cast<float>(static_cast<double>(sad) / (255.0 * static_cast<double>(a.size())));
}

}  // namespace reelscale::kernels
