#include "search/frame_match.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include <opencv2/core.hpp>
#include "ingest/asset_budget.hpp"
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace reelscale::search {

namespace k = kernels;

ImageSignature image_signature(const cv::Mat& img, int analysis_width) {
  if (img.empty() || img.type() != CV_8UC3)
    throw std::invalid_argument("image_signature: need a non-empty CV_8UC3 image");
  if (analysis_width < 32) throw std::invalid_argument("image_signature: analysis width below 32 px");
  cv::Mat grey, analysis, g32;
  cv::cvtColor(img, grey, cv::COLOR_BGR2GRAY);
  const int h = std::max(2, int(std::lround(double(img.rows) * analysis_width / img.cols / 2.0)) * 2);
  cv::resize(grey, analysis, cv::Size(analysis_width, h), 0, 0, cv::INTER_AREA);
  cv::resize(analysis, g32, cv::Size(32, 32), 0, 0, cv::INTER_AREA);
  ImageSignature s;
  const k::GrayView v{g32.data, 32, 32, std::ptrdiff_t(g32.step)};
  s.phash = k::phash64(v);
  k::luma_thumbnail(v, s.thumb);
  s.width = img.cols;
  s.height = img.rows;
  return s;
}

ImageSignature image_signature_file(const std::filesystem::path& file) {
  const cv::Mat img = cv::imread(file.string(), cv::IMREAD_COLOR);
  if (img.empty()) throw std::runtime_error("cannot read image '" + file.string() + "'");
  // The analysis images keep the aspect: a 1x60000 image would ask for gigabytes (ingest::AssetBudget).
  const double aspect = double(img.cols) / img.rows, limit = ingest::AssetBudget{}.max_analysis_aspect;
  if (aspect > limit || aspect < 1.0 / limit)
    throw std::runtime_error("image '" + file.string() + "' is " + std::to_string(img.cols) + "x" +
                             std::to_string(img.rows) + ": aspect outside 1/" + std::to_string(int(limit)) + ".." +
                             std::to_string(int(limit)) + " (max_analysis_aspect)");
  return image_signature(img);
}

FrameMatch best_frame_match(const ImageSignature& image, std::span<const std::uint64_t> phash,
                            std::span<const std::uint8_t> thumbs, std::int64_t first_frame) {
  constexpr std::size_t kThumb = std::size_t(k::kThumbSide) * k::kThumbSide;
  if (thumbs.size() != phash.size() * kThumb)
    throw std::invalid_argument("best_frame_match: " + std::to_string(thumbs.size()) + " thumbnail bytes for " +
                                std::to_string(phash.size()) + " frames");
  FrameMatch best;
  for (std::size_t i = 0; i < phash.size(); ++i) {
    const float d = k::thumbnail_distance(image.thumb, thumbs.subspan(i * kThumb, kThumb));
    if (best.frame < 0 || d < best.thumb_distance) {
      best.frame = first_frame + std::int64_t(i);
      best.thumb_distance = d;
      best.phash_distance = k::hamming_distance(image.phash, phash[i]);
    }
  }
  return best;
}

}  // namespace reelscale::search
