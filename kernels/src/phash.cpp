/// @file phash.cpp
/// 64-bit DCT perceptual hash, bit-compatible with OpenCV img_hash PHash.
///
/// Only the top-left 8x8 block of the 32x32 2-D DCT-II is needed, so instead of a
/// full transform we evaluate D = C8 * X * C8^T, where C8 holds the first 8 rows of
/// the 32-point orthonormal DCT-II matrix (OpenCV's cv::dct scaling). The even/odd
/// symmetry C[u][31-i] = (-1)^u C[u][i] halves both passes: the input rows are
/// folded exactly in integers (X[y] +/- X[31-y]), then 16-tap dot products in double.

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "reelscale/kernels/frame_kernels.hpp"

namespace reelscale::kernels {
namespace {

constexpr int kN = kPHashInputSide;  // 32
constexpr int kHalf = kN / 2;        // 16
constexpr int kKeep = 8;             // 8x8 low-frequency block

/// C8[u][i] for i < 16 (the other half follows by symmetry).
struct DctRows {
  double c[kKeep][kHalf];
};

const DctRows& dct_rows() {
  static const DctRows rows = [] {
    DctRows r{};
    for (int u = 0; u < kKeep; ++u) {
      const double scale = u == 0 ? std::sqrt(1.0 / kN) : std::sqrt(2.0 / kN);
      for (int i = 0; i < kHalf; ++i) {
        r.c[u][i] = scale * std::cos(std::numbers::pi * (2 * i + 1) * u / (2.0 * kN));
      }
    }
    return r;
  }();
  return rows;
}

/// Coefficients whose exact value is 0 (constant images, constant rows/columns,
/// exact symmetries) come out of the double evaluation as +-1e-13 noise, while
/// OpenCV's FFT-based float DCT returns exactly 0 for them. Our rounding error is
/// below 1e-10 for 8-bit input; OpenCV's float error is ~1e-4, so anything below
/// this threshold is indistinguishable from 0 anyway.
constexpr double kZeroSnap = 1e-6;

}  // namespace

std::uint64_t phash64(const GrayView& img) {
  if (img.width != kN || img.height != kN || img.data == nullptr) {
    throw std::invalid_argument("phash64: input must be a 32x32 grey image");
  }
  const DctRows& t = dct_rows();

  // Fold rows: even[y] = X[y] + X[31-y], odd[y] = X[y] - X[31-y] (exact integers).
  double even[kHalf][kN];
  double odd[kHalf][kN];
  for (int y = 0; y < kHalf; ++y) {
    const std::uint8_t* top = img.row(y);
    const std::uint8_t* bot = img.row(kN - 1 - y);
    for (int x = 0; x < kN; ++x) {
      const int a = top[x];
      const int b = bot[x];
      even[y][x] = static_cast<double>(a + b);
      odd[y][x] = static_cast<double>(a - b);
    }
  }

  // Column pass: rows[u][x] = sum_y C8[u][y] * X[y][x].
  double rows[kKeep][kN];
  for (int u = 0; u < kKeep; ++u) {
    const auto& src = (u % 2 == 0) ? even : odd;
    double acc[kN] = {};
    for (int y = 0; y < kHalf; ++y) {
      const double c = t.c[u][y];
      for (int x = 0; x < kN; ++x) acc[x] += c * src[y][x];
    }
    for (int x = 0; x < kN; ++x) rows[u][x] = acc[x];
  }

  // Row pass: D[u][v] = sum_x rows[u][x] * C8[v][x], folded the same way.
  float coeff[kKeep * kKeep];
  for (int u = 0; u < kKeep; ++u) {
    double fe[kHalf];
    double fo[kHalf];
    for (int x = 0; x < kHalf; ++x) {
      fe[x] = rows[u][x] + rows[u][kN - 1 - x];
      fo[x] = rows[u][x] - rows[u][kN - 1 - x];
    }
    for (int v = 0; v < kKeep; ++v) {
      const double* f = (v % 2 == 0) ? fe : fo;
      double s = 0.0;
      for (int x = 0; x < kHalf; ++x) s += t.c[v][x] * f[x];
      if (std::fabs(s) < kZeroSnap) s = 0.0;
      coeff[u * kKeep + v] = static_cast<float>(s);  // OpenCV works on CV_32F
    }
  }

  // As OpenCV: DC zeroed, mean of all 64 in double cast to float, strict '>'.
  coeff[0] = 0.0f;
  double sum = 0.0;
  for (float c : coeff) sum += c;
  const float mean = static_cast<float>(sum / (kKeep * kKeep));

  std::uint64_t hash = 0;
  for (int i = 0; i < kKeep * kKeep; ++i) {
    if (coeff[i] > mean) hash |= std::uint64_t{1} << i;
  }
  return hash;
}

}  // namespace reelscale::kernels
