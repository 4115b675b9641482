#pragma once
/// @file line_image.hpp
/// From a detected text box to the picture tesseract reads: rotation-corrected crop
/// (PaddleOCR get_rotate_crop_image), grayscale, rescale to a fixed line height, dark text
/// on a light ground (inverted when the box's border is darker than its inside), padded.

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

namespace reelscale::text {

/// Preparation settings for one line image.
struct LinePrep {
  int line_height = 32;    ///< the crop is scaled to this height in px (up or down; 32 chosen on the tune half)
  int pad = 12;            ///< border added on each side, px, background colour
  bool binarise = false;   ///< Otsu threshold after scaling
  int psm = 7;             ///< tesseract page segmentation mode for this preparation (7 = one
                           ///< line, 6 = a block: lets tesseract split a box holding two lines)
};

/// Axis-aligned crop of `bgr` under the rotated box `r` (long side horizontal); empty when
/// the box lies outside the picture.
cv::Mat crop_rotated(const cv::Mat& bgr, const cv::RotatedRect& r);

/// CV_8UC1 line image for tesseract from a BGR (or gray) crop.
cv::Mat prepare_line(const cv::Mat& crop, const LinePrep& p);

}  // namespace reelscale::text
