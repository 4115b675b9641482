#pragma once
/// @file area_codes.hpp
/// Tick codes from a picture of the *active area* of a frame (the part that is not
/// letterbox/pillarbox bar), computed by the duplicates frame analyser
/// (tick_analyser.hpp) from frames the pipeline samples at 5 Hz:
///  - which rows/columns of a frame hold picture (picture_lines),
///  - the active box stable over neighbouring samples of one shot (stable_box),
///  - a 32x32 grey of that box (area_image), its 64-bit DCT pHash (kernels::phash64),
///  - a 64-bit motion code of two consecutive 32x32 area images (motion_code).
/// Pure functions on cv::Mat (CV_8UC1); no pipeline or catalog types.

#include <cstdint>
#include <span>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace reelscale::duplicates {

/// Grey level at or below which a pixel counts as bar (black).
inline constexpr int kAreaBarLevel = 24;
/// Side of the whole-frame grey kept per sample (anisotropic resample, INTER_AREA).
inline constexpr int kGridSide = 64;
/// Share of the active box cut off each side before hashing (edge lines mix picture and bar).
inline constexpr double kAreaMargin = 0.04;

/// Which lines of a frame hold picture: 1 when at least 2 pixels of the line are brighter
/// than kAreaBarLevel. `rows` has grey.rows entries, `cols` grey.cols.
struct LineFlags {
  std::vector<std::uint8_t> rows, cols;
};

/// Active box as fractions of the frame (0 <= x0 < x1 <= 1, same for y).
struct FrameBox {
  double x0 = 0, y0 = 0, x1 = 1, y1 = 1;
};

/// Line flags of a CV_8UC1 frame. @throws std::invalid_argument for another type or an empty image.
LineFlags picture_lines(const cv::Mat& grey);

/// Box spanning the first to the last line flagged in at least `min_share` of `window`
/// (the samples of one shot around a tick; all of one frame size). The whole frame when
/// that box is smaller than a third of the frame in either direction (dark samples).
FrameBox stable_box(std::span<const LineFlags* const> window, double min_share = 0.3);

/// 32x32 grey (CV_8UC1) of `box` shrunk by kAreaMargin each side, cut from `grid`
/// (kGridSide x kGridSide whole-frame grey) and resampled with INTER_AREA/INTER_LINEAR.
cv::Mat area_image(const cv::Mat& grid, const FrameBox& box);

/// kernels::phash64 of a 32x32 area image.
std::uint64_t area_phash(const cv::Mat& area32);

/// Where the picture moves between two consecutive area images (0.2 s apart): the mean
/// absolute difference of each of the 8x8 blocks (4x4 px) of the 32x32 images; bit
/// i (row-major block) is set when block i moves more than the median block and more
/// than `kMotionFloor` grey levels. 0 when nothing moves (static or identical pictures).
/// A spatio-temporal signature in the spirit of ordinal temporal signatures for video
/// copy detection (Kim & Vasudev, IEEE TCSVT 2005).
std::uint64_t motion_code(const cv::Mat& prev32, const cv::Mat& cur32);

/// Grey levels of mean block difference below which a block counts as still.
inline constexpr double kMotionFloor = 1.5;

}  // namespace reelscale::duplicates
