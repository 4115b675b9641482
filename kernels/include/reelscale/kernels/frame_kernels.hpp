#pragma once
/// @file frame_kernels.hpp
/// Per-frame measures. Every function is pure, thread-safe and allocation-free
/// unless it says otherwise. Units: pixel values are 0..255.

#include <array>
#include <cstdint>
#include <span>

#include "reelscale/kernels/image_view.hpp"

namespace reelscale::kernels {

/// Side of the square luma image the pHash kernel consumes.
inline constexpr int kPHashInputSide = 32;

/// 64-bit DCT perceptual hash (pHash) of a 32x32 luma image.
/// Algorithm: 2-D DCT-II of the 32x32 image, keep the top-left 8x8 coefficients,
/// coefficient (0,0) is set to 0, then bit i (row-major, i = 0..63) is set when
/// coefficient i > the mean of the 64 (as OpenCV).
/// Bit-identical to OpenCV img_hash `PHash::compute` fed the same 32x32 image
/// (Zauner 2010, "Implementation and Benchmarking of Perceptual Image Hash Functions").
/// Bit order: byte k of OpenCV's 8-byte hash is bits 8k..8k+7 of the result,
/// bit j of that byte is coefficient 8k+j.
/// @throws std::invalid_argument if `img` is not 32x32.
std::uint64_t phash64(const GrayView& img);

/// Hamming distance between two 64-bit hashes (0..64).
inline int hamming_distance(std::uint64_t a, std::uint64_t b) {
  return __builtin_popcountll(a ^ b);
}

/// Variance of the Laplacian (sharpness; Pech-Pacheco et al. 2000).
/// Laplacian kernel [0 1 0; 1 -4 1; 0 1 0] with BORDER_REFLECT_101, as OpenCV
/// `cv::Laplacian(src, dst, CV_64F)` (ksize = 1); returns the population variance
/// of the response, equal to `meanStdDev(dst)` stddev squared. Units: (grey level)^2.
double laplacian_variance(const GrayView& img);

/// Luma statistics of one frame.
struct LumaStats {
  float mean_luma = 0;       ///< mean grey level, 0..255
  float black_fraction = 0;  ///< fraction (0..1) of pixels with value < threshold
};

/// Mean luma and black fraction. Default threshold 0.15*255 = 38.25, the
/// Media2Cloud black-frame pixel threshold.
LumaStats luma_stats(const GrayView& img, float black_threshold = 0.15f * 255.0f);

/// HSV histogram geometry: 8 hue x 4 saturation x 4 value bins = 128 bins.
inline constexpr int kHueBins = 8;
inline constexpr int kSatBins = 4;
inline constexpr int kValBins = 4;
inline constexpr int kHsvBins = kHueBins * kSatBins * kValBins;

/// Normalised HSV colour histogram (sums to 1; all zeros for an empty image).
/// Bin index = (h * kSatBins + s) * kValBins + v, HSV as OpenCV's 8-bit
/// conversion (H in 0..180, S and V in 0..255), each channel split uniformly.
/// @param out must have kHsvBins elements.
void hsv_histogram(const BgrView& img, std::span<float> out);

/// Frame-to-frame content difference between two normalised histograms:
/// half the L1 distance, in 0 (identical) .. 1 (disjoint).
float histogram_distance(std::span<const float> a, std::span<const float> b);

/// Side of the luma thumbnail kept per frame for structural comparisons.
inline constexpr int kThumbSide = 16;

/// 2x2 box-average of a 32x32 luma image into a 16x16 thumbnail (row-major).
/// @param out must have kThumbSide*kThumbSide elements.
void luma_thumbnail(const GrayView& img32, std::span<std::uint8_t> out);

/// Mean absolute difference of two equal-size thumbnails, normalised to 0..1.
float thumbnail_distance(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

}  // namespace reelscale::kernels
