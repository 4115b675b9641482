#include "faces/face_align.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace reelscale::faces {

std::array<cv::Point2f, 3> chip_template() {
  // dlib mean_face_shape (points 17..67, normalised): eye and inner-mouth means.
  constexpr double ex_l = (0.121737 + 0.187122 + 0.265825 + 0.334606 + 0.260918 + 0.182743) / 6;
  constexpr double ex_r = (0.645647 + 0.714428 + 0.793132 + 0.858516 + 0.79751 + 0.719335) / 6;
  constexpr double ey = (0.216423 + 0.178758 + 0.179852 + 0.231733 + 0.245099 + 0.244077) / 6;
  constexpr double mx = (0.290379 + 0.428096 + 0.490127 + 0.552157 + 0.689874 + 0.553364 + 0.490127 + 0.42689) / 8;
  constexpr double my = (0.784792 + 0.778746 + 0.785343 + 0.778746 + 0.784792 + 0.824182 + 0.831803 + 0.824182) / 8;
  auto chip = [](double v) { return static_cast<float>((v + 0.25) / 1.5 * kChipSize); };
  return {cv::Point2f(chip(ex_l), chip(ey)), cv::Point2f(chip(ex_r), chip(ey)), cv::Point2f(chip(mx), chip(my))};
}

cv::Mat similarity_transform(const std::array<cv::Point2f, 3>& src, const std::array<cv::Point2f, 3>& dst) {
  // Closed form for x' = a x - b y + tx, y' = b x + a y + ty (least squares).
  cv::Point2d ms(0, 0), md(0, 0);
  for (int i = 0; i < 3; ++i) {
    ms += cv::Point2d(src[i]);
    md += cv::Point2d(dst[i]);
  }
  ms /= 3.0;
  md /= 3.0;
  double sxx = 0, sab = 0, sba = 0;
  for (int i = 0; i < 3; ++i) {
    const cv::Point2d s = cv::Point2d(src[i]) - ms, d = cv::Point2d(dst[i]) - md;
    sxx += s.x * s.x + s.y * s.y;
    sab += s.x * d.x + s.y * d.y;
    sba += s.x * d.y - s.y * d.x;
  }
  const double a = sxx > 0 ? sab / sxx : 1, b = sxx > 0 ? sba / sxx : 0;
  cv::Mat m = (cv::Mat_<double>(2, 3) << a, -b, md.x - (a * ms.x - b * ms.y), b, a, md.y - (b * ms.x + a * ms.y));
  return m;
}

cv::Mat align_face(const cv::Mat& bgr, const FaceDetection& d) {
  const cv::Point2f e0 = d.keypoints[kRightEye], e1 = d.keypoints[kLeftEye];
  const bool swap = e0.x > e1.x;  // template order is image-left, image-right
  const std::array<cv::Point2f, 3> src = {swap ? e1 : e0, swap ? e0 : e1, d.keypoints[kMouth]};
  cv::Mat m = similarity_transform(src, chip_template());
  const double scale = std::hypot(m.at<double>(0, 0), m.at<double>(1, 0));  // chip px per picture px
  const int k = std::clamp(static_cast<int>(std::floor(1.0 / std::max(scale, 1e-6))), 1, 4);
  cv::Mat chip;
  if (k >= 2) {
    cv::Mat big;
    cv::warpAffine(bgr, big, m * k, cv::Size(kChipSize * k, kChipSize * k), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
    cv::resize(big, chip, cv::Size(kChipSize, kChipSize), 0, 0, cv::INTER_AREA);
  } else {
    cv::warpAffine(bgr, chip, m, cv::Size(kChipSize, kChipSize), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  }
  return chip;
}

float frontality(const FaceDetection& d) {
  const cv::Point2f e0 = d.keypoints[kRightEye], e1 = d.keypoints[kLeftEye], n = d.keypoints[kNose];
  const cv::Point2f axis = e1 - e0;
  const float len2 = axis.dot(axis);
  if (len2 <= 0) return 0;
  const float t = (n - e0).dot(axis) / len2;  // 0.5 when the nose projects midway
  return std::clamp(1.0f - 2.0f * std::abs(t - 0.5f), 0.0f, 1.0f);
}

}  // namespace reelscale::faces
