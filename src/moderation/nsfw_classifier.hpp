#pragma once
/// @file nsfw_classifier.hpp
/// The nsfwjs 4.4.0 MobileNetV2 picture classifier (Drawing, Hentai, Neutral, Porn, Sexy),
/// converted to ONNX by models/moderation/convert_nsfw.py, run by OpenCV DNN. Input as
/// nsfwjs: RGB resized to 224x224 (InceptionV3: 299x299), /255. Thread-safe (one network per concurrent caller).

#include <array>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include <opencv2/core/mat.hpp>
#include <opencv2/dnn.hpp>

namespace reelscale::moderation {

/// Class order of the network output (nsfwjs NSFW_CLASSES).
inline constexpr std::array<const char*, 5> kNsfwClasses{"Drawing", "Hentai", "Neutral", "Porn", "Sexy"};
using NsfwScores = std::array<float, 5>;

/// Loaded classifier.
class NsfwClassifier {
 public:
  /// `size`: the network's square input side (224 MobileNetV2, 299 InceptionV3).
  /// @throws std::runtime_error when `onnx` is missing or unreadable.
  explicit NsfwClassifier(std::filesystem::path onnx, int size = 224);
  /// Softmax scores for a BGR picture (any size; resized with bilinear interpolation).
  NsfwScores classify(const cv::Mat& bgr);
  /// Softmax scores for a size x size CV_8UC3 *RGB* picture, no resizing (the tests' exact input).
  NsfwScores classify_rgb(const cv::Mat& rgb);
  int size() const { return size_; }

 private:
  std::filesystem::path path_;
  int size_;
  std::mutex mu_;
  std::vector<std::unique_ptr<cv::dnn::Net>> idle_;
};

}  // namespace reelscale::moderation
