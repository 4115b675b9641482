#include "text/text_pretest.hpp"

#include <stdexcept>

#include <opencv2/imgproc.hpp>

namespace reelscale::text {

double stroke_density(const cv::Mat& img, const PretestOptions& o) {
  if (img.empty() || (img.type() != CV_8UC3 && img.type() != CV_8UC1))
    throw std::invalid_argument("text pretest: need a CV_8UC3 or CV_8UC1 picture");
  cv::Mat g = img, small;
  if (img.channels() == 3) cv::cvtColor(img, g, cv::COLOR_BGR2GRAY);
  if (g.cols > o.side) {
    const double s = double(o.side) / g.cols;
    cv::resize(g, small, {o.side, std::max(1, int(g.rows * s))}, 0, 0, cv::INTER_AREA);
  } else {
    small = g;
  }
  cv::Mat grad;
  cv::morphologyEx(small, grad, cv::MORPH_GRADIENT, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  return double(cv::countNonZero(grad >= o.min_contrast)) / double(grad.total());
}

bool may_hold_text(const cv::Mat& img, const PretestOptions& o) { return stroke_density(img, o) >= o.min_density; }

}  // namespace reelscale::text
