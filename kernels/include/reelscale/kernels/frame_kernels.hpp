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
/// Algorithm: 2-D orthonormal DCT-II of the 32x32 image (cv::dct scaling), keep the
/// top-left 8x8 coefficients, coefficient (0,0) is set to 0, then bit i (row-major,
/// i = 8*row + col, i = 0..63) is set when coefficient i > the mean of the 64 (the
/// zeroed DC included), compared in float as OpenCV does.
/// Matches OpenCV img_hash `PHash::create()->compute` fed the same 32x32 CV_8UC1
/// image (Zauner 2010, "Implementation and Benchmarking of Perceptual Image Hash
/// Functions"); verified bit-identical on ~13,500 dev-corpus frames and on
/// synthetic sets (flat, ramps, stripes, checkerboards, impulses, random).
/// Caveat: OpenCV computes the DCT in float via an FFT (abs. error up to ~3e-4), we
/// compute in double; a coefficient within that distance of the mean could in
/// principle hash differently (none seen in ~13,500 real frames; the closest gap
/// observed was 1.9e-4 and still agreed). Exact-zero coefficients (flat images,
/// constant rows/columns) are snapped to 0 as OpenCV's FFT produces them, so a
/// flat frame hashes to 0.
/// Bit order: OpenCV's hash is 8 bytes; byte k is bits 8k..8k+7 of the result
/// (i.e. the bytes read as a little-endian uint64), and bit j (LSB = 0) of byte k
/// is coefficient 8k+j, i.e. byte k holds DCT row k, column j in bit j.
/// @throws std::invalid_argument if `img` is not 32x32.
std::uint64_t phash64(const GrayView& img);

/// Hamming distance between two 64-bit hashes (0..64).
inline int hamming_distance(std::uint64_t a, std::uint64_t b) { return __builtin_popcountll(a ^ b); }

/// Variance of the Laplacian (sharpness; Pech-Pacheco et al. 2000).
/// Laplacian kernel [0 1 0; 1 -4 1; 0 1 0] with BORDER_REFLECT_101, as OpenCV
/// `cv::Laplacian(src, dst, CV_64F)` (ksize = 1); returns the population variance
/// of the response, equal to `meanStdDev(dst)` stddev squared. Units: (grey level)^2.
/// Computed exactly in integers (any size, including 1xN and 2x2); 0 for an empty image.
double laplacian_variance(const GrayView& img);

/// Luma statistics of one frame.
struct LumaStats {
  float mean_luma = 0;       ///< mean grey level, 0..255
  float black_fraction = 0;  ///< fraction (0..1) of pixels with value < threshold
};

/// Mean luma and black fraction (strict `value < black_threshold`). Default threshold
/// 0.15*255 = 38.25, the Media2Cloud black-frame pixel threshold, i.e. values 0..38.
/// An empty image gives {0, 0}.
LumaStats luma_stats(const GrayView& img, float black_threshold = 0.15f * 255.0f);

/// HSV histogram geometry: 8 hue x 4 saturation x 4 value bins = 128 bins.
inline constexpr int kHueBins = 8;
inline constexpr int kSatBins = 4;
inline constexpr int kValBins = 4;
inline constexpr int kHsvBins = kHueBins * kSatBins * kValBins;

/// Normalised HSV colour histogram (sums to 1; all zeros for an empty image).
/// Bin index = (h * kSatBins + s) * kValBins + v, HSV as OpenCV's 8-bit
/// conversion (H in 0..179, S and V in 0..255; identical to cv::cvtColor
/// COLOR_BGR2HSV for all 2^24 colours), each channel split uniformly as
/// cv::calcHist with ranges [0,180), [0,256), [0,256):
/// h = H*8/180, s = S*4/256, v = V*4/256 (integer division).
/// @param out must have kHsvBins elements.
/// @throws std::invalid_argument if `out` has the wrong size.
void hsv_histogram(const BgrView& img, std::span<float> out);

/// Frame-to-frame content difference between two normalised histograms:
/// half the L1 distance, in 0 (identical) .. 1 (disjoint).
/// @throws std::invalid_argument if the sizes differ.
float histogram_distance(std::span<const float> a, std::span<const float> b);

/// Side of the luma thumbnail kept per frame for structural comparisons.
inline constexpr int kThumbSide = 16;

/// 2x2 box-average of a 32x32 luma image into a 16x16 thumbnail (row-major),
/// rounded as (sum + 2) / 4 -- identical to cv::resize INTER_AREA 32x32 -> 16x16.
/// @param out must have kThumbSide*kThumbSide elements.
/// @throws std::invalid_argument if `img32` is not 32x32 or `out` has the wrong size.
void luma_thumbnail(const GrayView& img32, std::span<std::uint8_t> out);

/// Mean absolute difference of two equal-size thumbnails, normalised to 0..1
/// (sum |a-b| / (255 * size)); 0 for empty thumbnails.
/// @throws std::invalid_argument if the sizes differ.
float thumbnail_distance(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

}  // namespace reelscale::kernels
