#pragma once
/// @file face_embedder.hpp
/// dlib's ResNet-34 face descriptor (dlib_face_recognition_resnet_model_v1; 128-d; same
/// person when the Euclidean distance is < 0.6, as dlib documents), converted from
/// face-api.js's weights to ONNX by models/faces/convert_descriptor.py, run with OpenCV DNN.

#include <array>
#include <filesystem>
#include <vector>

#include <opencv2/core.hpp>

#include "faces/net_pool.hpp"

namespace reelscale::faces {

constexpr int kDescriptorDim = 128;
using Descriptor = std::array<float, kDescriptorDim>;

/// Euclidean distance between two descriptors.
float descriptor_distance(const Descriptor& a, const Descriptor& b);

/// Face descriptor network. Thread-safe (one network per thread).
class FaceEmbedder {
 public:
  /// @throws std::runtime_error naming the file when the model cannot be loaded.
  explicit FaceEmbedder(const std::filesystem::path& model);
  /// The descriptor of one 150x150 BGR chip (see align_face).
  /// @throws std::invalid_argument when the chip is not CV_8UC3 150x150.
  Descriptor embed(const cv::Mat& chip_bgr) const;

 private:
  NetPool pool_;
};

}  // namespace reelscale::faces
