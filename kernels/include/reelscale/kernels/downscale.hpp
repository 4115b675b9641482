#pragma once
/// @file downscale.hpp
/// Analysis-image preparation: integer-factor area (box) reduction of 8-bit
/// planes and a small YUV -> BGR conversion. Used on the decoded frame's planes
/// directly, so the full-size picture is read once and cheaply.

#include <cstdint>
#include <span>

#include "reelscale/kernels/image_view.hpp"

namespace reelscale::kernels {

/// Box (area) reduction by integer factors: dst(x, y) is the rounded mean of
/// the fx*fy source pixels src(x*fx .. x*fx+fx-1, y*fy .. y*fy+fy-1). The
/// right/bottom remainders (src.width % fx, src.height % fy) are ignored.
/// Equal to OpenCV INTER_AREA for integer factors, up to rounding.
/// @param dst dst_w*dst_h bytes, row-major, with dst_w = src.width / fx and
///        dst_h = src.height / fy.
/// @throws std::invalid_argument when a factor is < 1, > 64, or larger than the image,
///         or `dst` is too small.
void box_downscale(const GrayView& src, int fx, int fy, std::span<std::uint8_t> dst);

/// YUV -> BGR matrix and range of the source.
struct YuvMatrix {
  float kr = 0.299f, kb = 0.114f;  ///< luma coefficients: BT.601 (0.299, 0.114), BT.709 (0.2126, 0.0722)
  bool full_range = false;         ///< JPEG (0..255) instead of MPEG (16..235/240) levels
};

/// BT.601 or BT.709 coefficients for an ITU-T H.273 MatrixCoefficients code
/// (1 = BT.709; 5, 6 = BT.601; others fall back to BT.709 when `height` > 576, else BT.601).
YuvMatrix yuv_matrix_for(int matrix_code, int height, bool full_range);

/// Converts equal-size 8-bit Y, U, V planes to interleaved BGR (ITU-R BT.601 /
/// BT.709 equations, rounded and clamped to 0..255).
/// @param dst 3*y.width*y.height bytes. @throws std::invalid_argument on size mismatch.
void yuv_to_bgr(const GrayView& y, const GrayView& u, const GrayView& v, const YuvMatrix& m,
                std::span<std::uint8_t> dst);

/// Expands MPEG-range luma (16..235) to full range (0..255) in place; values
/// outside the nominal range are clamped.
void luma_to_full_range(std::span<std::uint8_t> plane);

}  // namespace reelscale::kernels
