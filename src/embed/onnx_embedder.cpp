#include "embed/onnx_embedder.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <vector>

#include <tbb/enumerable_thread_specific.h>
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "embed/colour_analysis_image.hpp"
#include "embed/embedder_spec.hpp"
#include "reelscale/kernels/embedding.hpp"

namespace reelscale::embed {
namespace fs = std::filesystem;

namespace {

std::string shape_text(const cv::Mat& m) {
  std::string s = "[";
  for (int i = 0; i < m.dims; ++i) s += (i ? "x" : "") + std::to_string(m.size[i]);
  return s + "]";
}

}  // namespace

struct OnnxEmbedder::Impl {
  std::string where;         ///< "ONNX model '<path>'" for messages
  std::vector<uchar> bytes;  ///< the model file, read once
  std::string output;        ///< resolved output name
  mutable tbb::enumerable_thread_specific<std::optional<cv::dnn::Net>> nets;

  cv::dnn::Net load() const {
    cv::dnn::Net net;
    try {
      net = cv::dnn::readNetFromONNX(bytes);
    } catch (const cv::Exception& e) {
      throw std::runtime_error(where + ": OpenCV DNN cannot load it: " + e.what());
    }
    if (net.empty()) throw std::runtime_error(where + ": OpenCV DNN loaded an empty network");
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    return net;
  }

  cv::dnn::Net& local() const {
    auto& slot = nets.local();
    if (!slot) slot = load();
    return *slot;
  }
};

OnnxEmbedder::OnnxEmbedder(OnnxOptions o) : o_(std::move(o)), impl_(std::make_unique<Impl>()) {
  std::error_code ec;
  if (!o_.model.empty()) o_.model = fs::absolute(o_.model, ec).lexically_normal();
  impl_->where = "ONNX model '" + o_.model.string() + "'";
  if (o_.width < 1 || o_.height < 1 || o_.width > 8192 || o_.height > 8192)
    throw std::invalid_argument(impl_->where + ": input size " + std::to_string(o_.width) + "x" +
                                std::to_string(o_.height) + " out of range 1..8192");
  for (float s : o_.std)
    if (!(s > 0) || !std::isfinite(s)) throw std::invalid_argument(impl_->where + ": std values must be > 0");
  for (float m : o_.mean)
    if (!std::isfinite(m)) throw std::invalid_argument(impl_->where + ": mean values must be finite");
  if (o_.model.empty()) throw std::runtime_error("ONNX embedder: no model file given");
  if (!fs::exists(o_.model, ec))
    throw std::runtime_error(impl_->where + " not found" +
                             (o_.model.filename().string().find(',') != std::string::npos
                                  ? std::string(" (a comma-separated part that is not an option - size=, mean=, "
                                                "std=, rgb, bgr, output= - is taken as part of the file name)")
                                  : std::string()));
  if (fs::is_directory(o_.model, ec)) throw std::runtime_error(impl_->where + " is a folder, not a file");
  {
    std::ifstream in(o_.model, std::ios::binary);
    if (!in) throw std::runtime_error(impl_->where + " cannot be read");
    impl_->bytes.assign(std::istreambuf_iterator<char>(in), {});
    if (in.bad()) throw std::runtime_error(impl_->where + ": read error");
  }
  if (impl_->bytes.empty()) throw std::runtime_error(impl_->where + " is empty");

  cv::dnn::Net& net = impl_->local();
  if (o_.output.empty()) {
    const auto outs = net.getUnconnectedOutLayersNames();
    if (outs.empty()) throw std::runtime_error(impl_->where + ": the network has no output");
    impl_->output = outs.back();
  } else {
    // OpenCV names the layer of ONNX node N "onnx_node!N"; graph outputs keep their tensor names.
    for (const std::string& cand : {o_.output, "onnx_node!" + o_.output})
      if (impl_->output.empty() && net.getLayerId(cand) >= 0) impl_->output = cand;
    if (impl_->output.empty()) {
      std::string names;
      for (std::string n : net.getLayerNames()) {
        if (n.rfind("onnx_node!", 0) == 0) n = n.substr(10);
        names += (names.empty() ? "" : ", ") + n;
      }
      throw std::runtime_error(impl_->where + ": no layer named '" + o_.output + "' (layers: " + names + ")");
    }
  }
  // One forward pass on a mid-grey image: checks the input size and learns the output dimension.
  dim_ = int(forward(cv::Mat(o_.height, o_.width, CV_8UC3, cv::Scalar::all(128))).size());
}

OnnxEmbedder::~OnnxEmbedder() = default;

std::string OnnxEmbedder::spec() const {
  EmbedderSpec s;
  s.kind = EmbedderSpec::Kind::onnx;
  s.onnx = o_;
  return format_embedder_spec(s);
}

void OnnxEmbedder::embed(const kernels::GrayView& gray, const kernels::BgrView& bgr, std::span<float> out) const {
  if (gray.width < 4 || gray.height < 4 || !gray.data)
    throw std::invalid_argument(impl_->where + ": analysis image smaller than 4x4");
  cv::Mat img = colour_analysis_image(gray, bgr);
  if (img.channels() == 1) cv::cvtColor(img, img, cv::COLOR_GRAY2BGR);
  embed_colour(img, out);
}

std::vector<float> OnnxEmbedder::forward(const cv::Mat& bgr8) const {
  if (bgr8.empty() || bgr8.type() != CV_8UC3)
    throw std::invalid_argument(impl_->where + ": needs a non-empty CV_8UC3 image");
  cv::Mat sized;
  if (bgr8.cols == o_.width && bgr8.rows == o_.height) {
    sized = bgr8;
  } else {
    const bool shrink = bgr8.cols >= o_.width && bgr8.rows >= o_.height;
    cv::resize(bgr8, sized, cv::Size(o_.width, o_.height), 0, 0, shrink ? cv::INTER_AREA : cv::INTER_LINEAR);
  }
  // NCHW float blob on 0..1 in the tensor's channel order, then (x - mean) / std per channel.
  cv::Mat blob = cv::dnn::blobFromImage(sized, 1.0 / 255.0, cv::Size(), cv::Scalar(), /*swapRB=*/o_.rgb,
                                        /*crop=*/false, CV_32F);
  const std::size_t plane = std::size_t(o_.width) * std::size_t(o_.height);
  float* p = blob.ptr<float>();
  for (int c = 0; c < 3; ++c) {
    const float m = o_.mean[std::size_t(c)], inv = 1.0f / o_.std[std::size_t(c)];
    float* q = p + std::size_t(c) * plane;
    for (std::size_t i = 0; i < plane; ++i) q[i] = (q[i] - m) * inv;
  }
  cv::Mat res;
  try {
    cv::dnn::Net& net = impl_->local();
    net.setInput(blob);
    res = net.forward(impl_->output);
  } catch (const cv::Exception& e) {
    throw std::runtime_error(impl_->where + ": forward pass on a " + std::to_string(o_.width) + "x" +
                             std::to_string(o_.height) + " input failed: " + e.what());
  }
  if (res.empty() || res.depth() != CV_32F)
    throw std::runtime_error(impl_->where + ": output '" + impl_->output + "' is empty or not float32");
  int big = 0;
  for (int i = 0; i < res.dims; ++i) big += res.size[i] > 1;
  if (big > 1 || res.channels() != 1)
    throw std::runtime_error(impl_->where + ": output '" + impl_->output + "' has shape " + shape_text(res) +
                             ", not one vector per image after flattening ([1 x D] or [1 x D x 1 x 1]); add a "
                             "pooling/Flatten layer or choose another output=NAME");
  const cv::Mat flat = res.isContinuous() ? res : res.clone();
  return std::vector<float>(flat.ptr<float>(), flat.ptr<float>() + flat.total());
}

void OnnxEmbedder::embed_colour(const cv::Mat& bgr8, std::span<float> out) const {
  if (out.size() != std::size_t(dim_))
    throw std::invalid_argument(impl_->where + ": output span has " + std::to_string(out.size()) + " floats, need " +
                                std::to_string(dim_));
  const std::vector<float> v = forward(bgr8);
  if (v.size() != out.size())
    throw std::runtime_error(impl_->where + ": output '" + impl_->output + "' has " + std::to_string(v.size()) +
                             " values, expected " + std::to_string(dim_));
  std::copy(v.begin(), v.end(), out.begin());
  kernels::l2_normalise(out);
}

}  // namespace reelscale::embed
