#include "faces/face_embedder.hpp"

#include <cmath>
#include <stdexcept>

#include "faces/face_align.hpp"

namespace reelscale::faces {

float descriptor_distance(const Descriptor& a, const Descriptor& b) {
  double s = 0;
  for (int i = 0; i < kDescriptorDim; ++i) {
    const double d = static_cast<double>(a[i]) - b[i];
    s += d * d;
  }
  return static_cast<float>(std::sqrt(s));
}

FaceEmbedder::FaceEmbedder(const std::filesystem::path& model) : pool_(model) {}

Descriptor FaceEmbedder::embed(const cv::Mat& chip_bgr) const {
  if (chip_bgr.type() != CV_8UC3 || chip_bgr.cols != kChipSize || chip_bgr.rows != kChipSize)
    throw std::invalid_argument("face embedder: chip must be 150x150 CV_8UC3");
  // NCHW RGB 0..255; the network subtracts face-api's mean and divides by 255 itself.
  cv::Mat blob = cv::dnn::blobFromImage(chip_bgr, 1.0, cv::Size(), cv::Scalar(), /*swapRB=*/true, false, CV_32F);
  cv::dnn::Net& net = pool_.local();
  net.setInput(blob);
  cv::Mat out = net.forward();
  if (out.total() != kDescriptorDim)
    throw std::runtime_error("face model '" + pool_.path().string() + "': output is not 128 values");
  Descriptor d;
  const float* p = out.ptr<float>();
  for (int i = 0; i < kDescriptorDim; ++i) d[i] = p[i];
  return d;
}

}  // namespace reelscale::faces
