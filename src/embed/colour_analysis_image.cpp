#include "embed/colour_analysis_image.hpp"

#include <vector>

#include <opencv2/imgproc.hpp>

namespace reelscale::embed {

cv::Mat colour_analysis_image(const kernels::GrayView& gray, const kernels::BgrView& bgr) {
  if (!gray.data || gray.width <= 0 || gray.height <= 0) return {};
  cv::Mat y(gray.height, gray.width, CV_8UC1, const_cast<std::uint8_t*>(gray.data), std::size_t(gray.stride));
  if (!bgr.data || bgr.width <= 0 || bgr.height <= 0) return y.clone();
  cv::Mat small(bgr.height, bgr.width, CV_8UC3, const_cast<std::uint8_t*>(bgr.data), std::size_t(bgr.stride));
  cv::Mat big, ycrcb, img;
  cv::resize(small, big, y.size(), 0, 0, cv::INTER_LINEAR);
  cv::cvtColor(big, ycrcb, cv::COLOR_BGR2YCrCb);
  std::vector<cv::Mat> ch;
  cv::split(ycrcb, ch);
  ch[0] = y;
  cv::merge(ch, ycrcb);
  cv::cvtColor(ycrcb, img, cv::COLOR_YCrCb2BGR);
  return img;
}

}  // namespace reelscale::embed
