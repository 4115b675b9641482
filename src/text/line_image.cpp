#include "text/line_image.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace reelscale::text {

cv::Mat crop_rotated(const cv::Mat& bgr, const cv::RotatedRect& box) {
  cv::RotatedRect r = box;
  if (r.size.width < r.size.height) {
    std::swap(r.size.width, r.size.height);
    r.angle += 90;
  }
  while (r.angle > 90) r.angle -= 180;
  while (r.angle <= -90) r.angle += 180;
  const cv::Rect img(0, 0, bgr.cols, bgr.rows);
  const cv::Rect bb = r.boundingRect() & img;
  if (bb.width < 2 || bb.height < 2) return {};
  if (std::abs(r.angle) < 1.0) {  // axis-aligned: plain copy
    cv::Rect a(cvRound(r.center.x - r.size.width / 2), cvRound(r.center.y - r.size.height / 2),
               cvRound(r.size.width), cvRound(r.size.height));
    a &= img;
    return a.width < 2 || a.height < 2 ? cv::Mat{} : bgr(a).clone();
  }
  const cv::Mat roi = bgr(bb);
  const cv::Point2f c(r.center.x - bb.x, r.center.y - bb.y);
  const cv::Mat m = cv::getRotationMatrix2D(c, r.angle, 1.0);
  cv::Mat rot;
  cv::warpAffine(roi, rot, m, roi.size(), cv::INTER_CUBIC, cv::BORDER_REPLICATE);
  cv::Mat out;
  cv::getRectSubPix(rot, cv::Size(cvRound(r.size.width), cvRound(r.size.height)), c, out);
  return out;
}

cv::Mat prepare_line(const cv::Mat& crop, const LinePrep& p) {
  cv::Mat gray;
  if (crop.channels() == 3) cv::cvtColor(crop, gray, cv::COLOR_BGR2GRAY);
  else gray = crop.clone();
  const double s = double(p.line_height) / std::max(1, gray.rows);
  cv::resize(gray, gray, cv::Size(std::max(1, cvRound(gray.cols * s)), p.line_height), 0, 0,
             s > 1 ? cv::INTER_CUBIC : cv::INTER_AREA);
  // polarity: border pixels are background; text is the other side of the Otsu split
  cv::Mat bin;
  const double t = cv::threshold(gray, bin, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  cv::Mat border = cv::Mat::ones(gray.size(), CV_8UC1) * 255;
  const int m = std::max(1, gray.rows / 10);
  if (gray.cols > 2 * m && gray.rows > 2 * m) border(cv::Rect(m, m, gray.cols - 2 * m, gray.rows - 2 * m)) = 0;
  const double bg = cv::mean(gray, border)[0];
  if (bg < t) {
    cv::bitwise_not(gray, gray);
    cv::bitwise_not(bin, bin);
  }
  cv::Mat out = p.binarise ? bin : gray;
  const double fill = p.binarise ? 255 : cv::mean(out, border)[0];
  cv::copyMakeBorder(out, out, p.pad, p.pad, p.pad, p.pad, cv::BORDER_CONSTANT, cv::Scalar(fill));
  return out;
}

}  // namespace reelscale::text
