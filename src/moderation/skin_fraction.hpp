#pragma once
/// @file skin_fraction.hpp
/// Share of skin-coloured pixels in a picture, the classical first filter of nudity
/// detection (Fleck, Forsyth & Bregler, "Finding Naked People", ECCV 1996; Jones & Rehg,
/// "Statistical Color Models with Application to Skin Detection", IJCV 2002). A pixel is
/// skin when it passes both the explicit RGB rule of Kovac, Peer & Solina ("Human skin
/// colour clustering for face detection", EUROCON 2003: R > 95, G > 40, B > 20,
/// max - min > 15, |R - G| > 15, R > G, R > B) and the YCbCr box of Chai & Ngan
/// ("Face segmentation using skin-color map", IEEE TCSVT 1999: 133 <= Cr <= 173,
/// 77 <= Cb <= 127). Grey, white and cream surfaces fail the chroma tests.

#include <opencv2/core/mat.hpp>

namespace reelscale::moderation {

/// Fraction 0..1 of skin pixels in `bgr` (CV_8UC3, any size; pictures wider than
/// `max_side` px are first reduced with INTER_AREA). @throws std::invalid_argument on a
/// picture that is empty or not CV_8UC3.
double skin_fraction(const cv::Mat& bgr, int max_side = 160);

}  // namespace reelscale::moderation
