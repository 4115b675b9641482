#include "embed/image_embedding.hpp"

#include <cmath>
#include <stdexcept>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "embed/embedder_spec.hpp"
#include "embed/image_embedder.hpp"

namespace reelscale::embed {

std::vector<float> embed_bgr_image(const cv::Mat& img, const ImageEmbedder& embedder, int gray_width, int bgr_width) {
  if (img.empty() || img.type() != CV_8UC3)
    throw std::invalid_argument("embed_bgr_image: need a non-empty CV_8UC3 image");
  auto scaled = [&](int w) {
    const int h = std::max(2, int(std::lround(double(img.rows) * w / img.cols / 2.0)) * 2);
    cv::Mat m;
    cv::resize(img, m, cv::Size(w, h), 0, 0, cv::INTER_AREA);
    return m;
  };
  cv::Mat bgr = scaled(bgr_width), big = scaled(gray_width), grey;
  cv::cvtColor(big, grey, cv::COLOR_BGR2GRAY);
  std::vector<float> v(std::size_t(embedder.dim()));
  embedder.embed({grey.data, grey.cols, grey.rows, std::ptrdiff_t(grey.step)},
                 {bgr.data, bgr.cols, bgr.rows, std::ptrdiff_t(bgr.step)}, v);
  return v;
}

std::vector<float> embed_bgr_image(const cv::Mat& img, int gray_width, int bgr_width) {
  return embed_bgr_image(img, *default_embedder(), gray_width, bgr_width);
}

std::vector<float> embed_image_file(const std::filesystem::path& file, const ImageEmbedder& embedder) {
  cv::Mat img = cv::imread(file.string(), cv::IMREAD_COLOR);
  if (img.empty()) throw std::runtime_error("cannot read image '" + file.string() + "'");
  return embed_bgr_image(img, embedder);
}

std::vector<float> embed_image_file(const std::filesystem::path& file) {
  return embed_image_file(file, *default_embedder());
}

}  // namespace reelscale::embed
