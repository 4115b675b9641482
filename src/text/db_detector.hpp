#pragma once
/// @file db_detector.hpp
/// Text-line detection with PP-OCRv4's DB (Differentiable Binarization, Liao et al., AAAI
/// 2020) detector, run by OpenCV DNN from the converted ONNX file (models/text/prepare.sh).
/// Pre- and post-processing follow PaddleOCR's DetResizeForTest / NormalizeImage /
/// DBPostProcess: long side limited, sides rounded to multiples of 32, ImageNet mean/std on
/// the BGR picture; probability map thresholded, one minimum-area box per contour, box kept
/// when its mean probability passes `box_thresh`, then "unclipped" (offset outwards by
/// area·ratio/perimeter, the Vatti-clipping offset DB uses, exact for a rectangle).

#include <filesystem>
#include <vector>

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>
#include <opencv2/dnn.hpp>

namespace reelscale::text {

/// DB detector settings (PaddleOCR defaults unless noted).
struct DbOptions {
  int limit_side = 960;      ///< longer side of the network input at most this many px
  int min_side = 64;         ///< pictures smaller than this are padded up (px)
  int min_short = 128;       ///< shorter input side scaled up to this (long side <= 2·limit_side)
  float thresh = 0.3f;       ///< binarisation threshold on the probability map
  float box_thresh = 0.6f;   ///< minimum mean probability inside a box
  float unclip_ratio = 1.5f; ///< DB offset ratio
  int max_candidates = 1000;
};

/// DB post-processing on a probability map (CV_32FC1, values 0..1). Returns rotated boxes
/// in map pixels. Exposed for tests.
std::vector<cv::RotatedRect> db_boxes(const cv::Mat& prob, const DbOptions& o);

/// One loaded detector network. Not thread-safe (one per thread).
class DbDetector {
 public:
  /// @throws cv::Exception / std::runtime_error when `onnx` cannot be read.
  explicit DbDetector(const std::filesystem::path& onnx, DbOptions o = {});
  /// Text-line boxes in `bgr` pixels (CV_8UC3), sorted by centre y.
  std::vector<cv::RotatedRect> detect(const cv::Mat& bgr);

 private:
  std::filesystem::path path_;
  cv::dnn::Net net_;
  cv::Size net_size_;
  DbOptions opt_;
};

}  // namespace reelscale::text
