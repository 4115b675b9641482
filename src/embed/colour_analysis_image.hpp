#pragma once
/// @file colour_analysis_image.hpp
/// A colour image at the grey analysis image's size, rebuilt from the two
/// analysis images the pipeline keeps per frame: the grey image is the luma
/// (Y of YCrCb), Cr/Cb come from the small BGR image resized (bilinear) to the
/// grey image's size. Used for stored keyframes and as the input of learned
/// (ONNX) embedders, so pipeline frames and query images see the same pixels.

#include <opencv2/core.hpp>

#include "reelscale/kernels/image_view.hpp"

namespace reelscale::embed {

/// @return a CV_8UC3 BGR image of gray.width x gray.height; the grey image
///         itself (CV_8UC1) when `bgr` is empty; an empty Mat when `gray` is.
cv::Mat colour_analysis_image(const kernels::GrayView& gray, const kernels::BgrView& bgr);

}  // namespace reelscale::embed
