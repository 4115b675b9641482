#pragma once
/// @file bgr_frame.hpp
/// A decoded frame as an OpenCV BGR image, for the plug-in frame analysers.

#include <opencv2/core/mat.hpp>

extern "C" {
struct AVFrame;
}

namespace reelscale::media {

/// Converts `frame` (any pixel format) to CV_8UC3 BGR with libswscale in one pass: at its
/// decoded size, or, when its longer side exceeds `max_side` (> 0), area-averaged
/// (SWS_AREA) straight to the size whose longer side is `max_side`. `*scale` (when given) receives
/// decoded-frame pixels per output pixel (1 when not downscaled). Coded orientation:
/// no rotation or sample-aspect correction. The result owns its pixels.
/// @throws MediaError when swscale cannot handle the pixel format.
cv::Mat to_bgr(const AVFrame& frame, int max_side, double* scale = nullptr);

}  // namespace reelscale::media
