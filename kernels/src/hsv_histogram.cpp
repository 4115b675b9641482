/// @file hsv_histogram.cpp
/// 8x4x4 HSV histogram with OpenCV's 8-bit BGR->HSV conversion semantics, and the
/// half-L1 histogram distance.
///
/// Conversion (identical integer maths to cv::cvtColor COLOR_BGR2HSV on CV_8UC3):
///   V = max(B,G,R), diff = V - min(B,G,R)
///   S = round(255 * diff / V)            via a 12-bit fixed-point reciprocal table
///   H = round(30 * h6 / diff) (+180 if negative), h6 = G-B (V==R), B-R+2diff (V==G),
///       R-G+4diff otherwise; also via a 12-bit fixed-point table. H in 0..179.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "reelscale/kernels/frame_kernels.hpp"

namespace reelscale::kernels {
namespace {

constexpr int kShift = 12;
constexpr int kRound = 1 << (kShift - 1);

struct HsvTables {
  int sdiv[256];           ///< round((255 << 12) / v), round-half-even
  int hdiv[256];           ///< round((180 << 12) / (6 * diff))
  std::uint8_t hbin[256];  ///< H (0..179) -> hue bin
};

const HsvTables& hsv_tables() {
  static const HsvTables tables = [] {
    HsvTables t{};
    for (int i = 1; i < 256; ++i) {
      t.sdiv[i] = static_cast<int>(std::nearbyint((255 << kShift) / (1.0 * i)));
      t.hdiv[i] = static_cast<int>(std::nearbyint((180 << kShift) / (6.0 * i)));
    }
    for (int h = 0; h < 256; ++h) {
      t.hbin[h] = static_cast<std::uint8_t>(std::min(h * kHueBins / 180, kHueBins - 1));
    }
    return t;
  }();
  return tables;
}

}  // namespace

void hsv_histogram(const BgrView& img, std::span<float> out) {
  if (out.size() != static_cast<std::size_t>(kHsvBins)) {
    throw std::invalid_argument("hsv_histogram: output must have kHsvBins elements");
  }
  std::fill(out.begin(), out.end(), 0.0f);
  if (img.width <= 0 || img.height <= 0 || img.data == nullptr) return;

  const HsvTables& t = hsv_tables();
  std::uint32_t counts[kHsvBins] = {};
  for (int y = 0; y < img.height; ++y) {
    const std::uint8_t* p = img.row(y);
    for (int x = 0; x < img.width; ++x, p += 3) {
      const int b = p[0];
      const int g = p[1];
      const int r = p[2];
      const int v = std::max(b, std::max(g, r));
      const int diff = v - std::min(b, std::min(g, r));
      const int s = (diff * t.sdiv[v] + kRound) >> kShift;
      int h6;
      if (v == r) {
        h6 = g - b;
      } else if (v == g) {
        h6 = b - r + 2 * diff;
      } else {
        h6 = r - g + 4 * diff;
      }
      int h = (h6 * t.hdiv[diff] + kRound) >> kShift;  // arithmetic shift = floor
      if (h < 0) h += 180;
      const int bin = (t.hbin[h] * kSatBins + (s >> 6)) * kValBins + (v >> 6);
      ++counts[bin];
    }
  }
  const double inv = 1.0 / (static_cast<double>(img.width) * img.height);
  for (int i = 0; i < kHsvBins; ++i) out[i] = static_cast<float>(counts[i] * inv);
}

float histogram_distance(std::span<const float> a, std::span<const float> b) {
  if (a.size() != b.size()) {
    throw std::invalid_argument("histogram_distance: histograms differ in size");
  }
  double l1 = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) l1 += std::fabs(static_cast<double>(a[i]) - b[i]);
  return static_cast<float>(std::clamp(0.5 * l1, 0.0, 1.0));
}

}  // namespace reelscale::kernels
