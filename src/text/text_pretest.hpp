#pragma once
/// @file text_pretest.hpp
/// A cheap test that a video frame may hold text, run on every sample before anything is
/// kept: text is strokes of high local contrast, so a frame with too few strong edges
/// (fades, black, sky, soft close-ups) cannot hold a legible line. Strong edge =
/// morphological gradient (3x3 dilate - erode, the stroke-contrast measure of
/// morphology-based caption detectors, e.g. Hasan & Karam, IEEE TIP 2000) >= `min_contrast`
/// grey levels on a grey copy at most `side` px wide.

#include <opencv2/core/mat.hpp>

namespace reelscale::text {

/// Pre-test settings.
struct PretestOptions {
  int side = 320;              ///< width of the grey copy, px
  int min_contrast = 64;       ///< gradient (grey levels) of a stroke edge
  double min_density = 0.004;  ///< share of strong-edge pixels a frame with text has at least
};

/// Share 0..1 of strong-edge pixels. @throws std::invalid_argument unless CV_8UC3/CV_8UC1.
double stroke_density(const cv::Mat& img, const PretestOptions& o = {});
/// stroke_density(img) >= o.min_density.
bool may_hold_text(const cv::Mat& img, const PretestOptions& o = {});

}  // namespace reelscale::text
