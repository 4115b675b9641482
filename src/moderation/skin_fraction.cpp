#include "moderation/skin_fraction.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

namespace reelscale::moderation {

double skin_fraction(const cv::Mat& bgr, int max_side) {
  if (bgr.empty() || bgr.type() != CV_8UC3) throw std::invalid_argument("skin_fraction: need a CV_8UC3 picture");
  cv::Mat small = bgr;
  const int side = std::max(bgr.cols, bgr.rows);
  if (side > max_side) {
    const double s = double(max_side) / side;
    cv::resize(bgr, small, {std::max(1, int(bgr.cols * s)), std::max(1, int(bgr.rows * s))}, 0, 0, cv::INTER_AREA);
  }
  std::size_t skin = 0;
  for (int y = 0; y < small.rows; ++y) {
    const auto* p = small.ptr<cv::Vec3b>(y);
    for (int x = 0; x < small.cols; ++x) {
      const int b = p[x][0], g = p[x][1], r = p[x][2];
      const int mx = std::max({r, g, b}), mn = std::min({r, g, b});
      if (!(r > 95 && g > 40 && b > 20 && mx - mn > 15 && std::abs(r - g) > 15 && r > g && r > b)) continue;
      // ITU-R BT.601 full-range YCbCr (as OpenCV's COLOR_BGR2YCrCb)
      const double yy = 0.299 * r + 0.587 * g + 0.114 * b;
      const double cr = (r - yy) * 0.713 + 128, cb = (b - yy) * 0.564 + 128;
      skin += (cr >= 133 && cr <= 173 && cb >= 77 && cb <= 127) ? 1 : 0;
    }
  }
  return double(skin) / double(small.total());
}

}  // namespace reelscale::moderation
