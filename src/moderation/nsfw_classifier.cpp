#include "moderation/nsfw_classifier.hpp"

#include <stdexcept>

#include <opencv2/imgproc.hpp>

namespace reelscale::moderation {

NsfwClassifier::NsfwClassifier(std::filesystem::path onnx, int size) : path_(std::move(onnx)), size_(size) {
  if (!std::filesystem::is_regular_file(path_))
    throw std::runtime_error("moderation model not found: " + path_.string());
  idle_.push_back(std::make_unique<cv::dnn::Net>(cv::dnn::readNetFromONNX(path_.string())));
}

NsfwScores NsfwClassifier::classify_rgb(const cv::Mat& rgb) {
  if (rgb.type() != CV_8UC3 || rgb.cols != size_ || rgb.rows != size_)
    throw std::invalid_argument("moderation: need a square CV_8UC3 picture of the network's size");
  std::unique_ptr<cv::dnn::Net> net;
  {
    std::lock_guard lk(mu_);
    if (!idle_.empty()) net = std::move(idle_.back()), idle_.pop_back();
  }
  if (!net) net = std::make_unique<cv::dnn::Net>(cv::dnn::readNetFromONNX(path_.string()));
  net->setInput(cv::dnn::blobFromImage(rgb, 1 / 255.0));
  const cv::Mat out = net->forward();
  NsfwScores s{};
  for (int i = 0; i < 5; ++i) s[i] = out.ptr<float>()[i];
  std::lock_guard lk(mu_);
  idle_.push_back(std::move(net));
  return s;
}

NsfwScores NsfwClassifier::classify(const cv::Mat& bgr) {
  cv::Mat rgb;
  cv::resize(bgr, rgb, {size_, size_}, 0, 0, cv::INTER_LINEAR);
  cv::cvtColor(rgb, rgb, cv::COLOR_BGR2RGB);
  return classify_rgb(rgb);
}

}  // namespace reelscale::moderation
