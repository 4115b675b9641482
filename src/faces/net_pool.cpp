#include "faces/net_pool.hpp"

#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <vector>

#include <tbb/enumerable_thread_specific.h>

namespace reelscale::faces {

struct NetPool::Impl {
  std::vector<uchar> bytes;
  mutable tbb::enumerable_thread_specific<std::map<int, cv::dnn::Net>> nets;  ///< per thread, by key
};

namespace {

cv::dnn::Net load_net(const std::vector<uchar>& bytes, const std::filesystem::path& path) {
  cv::dnn::Net net;
  try {
    net = cv::dnn::readNetFromONNX(bytes);
  } catch (const cv::Exception& e) {
    throw std::runtime_error("face model '" + path.string() + "': OpenCV DNN cannot load it: " + e.what());
  }
  if (net.empty()) throw std::runtime_error("face model '" + path.string() + "': empty network");
  net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
  return net;
}

}  // namespace

NetPool::NetPool(const std::filesystem::path& model) : path_(model), impl_(std::make_unique<Impl>()) {
  std::ifstream in(model, std::ios::binary);
  if (!in) throw std::runtime_error("face model '" + model.string() + "' cannot be opened");
  impl_->bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (impl_->bytes.empty()) throw std::runtime_error("face model '" + model.string() + "' is empty");
  load_net(impl_->bytes, path_);  // fail early, on the constructing thread
}

NetPool::~NetPool() = default;

cv::dnn::Net& NetPool::local(int key) const {
  auto& nets = impl_->nets.local();
  auto it = nets.find(key);
  if (it == nets.end()) it = nets.emplace(key, load_net(impl_->bytes, path_)).first;
  return it->second;
}

}  // namespace reelscale::faces
