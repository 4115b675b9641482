#pragma once
/// @file net_pool.hpp
/// One OpenCV DNN network per thread, loaded lazily from the bytes of one ONNX file
/// (cv::dnn::Net is not safe to call from several threads at once).

#include <filesystem>
#include <memory>
#include <string>

#include <opencv2/dnn.hpp>

namespace reelscale::faces {

/// Reads an ONNX file once and hands each calling thread its own cv::dnn::Net
/// (OpenCV backend, CPU target).
class NetPool {
 public:
  /// @throws std::runtime_error naming `model` when it cannot be read or OpenCV cannot load it.
  explicit NetPool(const std::filesystem::path& model);
  ~NetPool();
  NetPool(const NetPool&) = delete;
  NetPool& operator=(const NetPool&) = delete;
  /// This thread's network for `key` (created on first use). Callers that feed inputs of
  /// several shapes use one key per shape: OpenCV DNN re-plans its buffers whenever the
  /// input shape of a network changes.
  cv::dnn::Net& local(int key = 0) const;
  /// The model file, for messages.
  const std::filesystem::path& path() const { return path_; }

 private:
  struct Impl;
  std::filesystem::path path_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace reelscale::faces
