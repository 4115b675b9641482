#pragma once
/// @file frame_series.hpp
/// Per-frame measures of one asset, struct-of-arrays, one row per decoded
/// video frame in decode (presentation) order. Row i is decoded frame index i.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "reelscale/kernels/frame_kernels.hpp"

namespace reelscale {

/// Per-frame measures (columns). All vectors have size() rows, except
/// `hsv_hist` (size()*kHsvBins) and `thumb` (size()*kThumbSide^2).
struct FrameSeries {
  std::vector<double> pts_s;          ///< presentation time, seconds (NaN when unknown)
  std::vector<std::uint64_t> phash;   ///< 64-bit DCT pHash
  std::vector<float> laplacian_var;   ///< Laplacian variance, (grey level)^2
  std::vector<float> black_fraction;  ///< fraction of pixels < 0.15*255, 0..1
  std::vector<float> mean_luma;       ///< mean grey level, 0..255
  std::vector<float> content_diff;    ///< HSV histogram distance to previous frame, 0..1 (0 for frame 0)
  std::vector<float> hsv_hist;        ///< normalised HSV histograms, kHsvBins per frame
  std::vector<std::uint8_t> thumb;    ///< 16x16 luma thumbnails, kThumbSide^2 per frame

  std::size_t size() const { return pts_s.size(); }

  std::span<const float> hist(std::size_t i) const {
    return {hsv_hist.data() + i * kernels::kHsvBins, std::size_t(kernels::kHsvBins)};
  }
  std::span<const std::uint8_t> thumbnail(std::size_t i) const {
    constexpr std::size_t n = kernels::kThumbSide * kernels::kThumbSide;
    return {thumb.data() + i * n, n};
  }
};

}  // namespace reelscale
