#pragma once
/// @file bench_pixels.hpp
/// Deterministic synthetic test images shared by the benchmark programs.

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace reelscale::bench {

/// Smooth-ish random content (gradients, stripes and noise), deterministic.
inline std::vector<std::uint8_t> make_pixels(int w, int h, int channels, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> noise(-20, 20);
  std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * h * channels);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w * channels; ++x) {
      const int base = (x * 255) / (w * channels) / 2 + (y * 255) / h / 2 + ((x / 7 + y / 5) % 2) * 40;
      const int v = base + noise(rng);
      px[static_cast<std::size_t>(y) * w * channels + x] = static_cast<std::uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
    }
  return px;
}

}  // namespace reelscale::bench
