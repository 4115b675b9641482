#include "text/db_detector.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

namespace reelscale::text {
namespace {

/// Mean of `prob` inside the rotated box (PaddleOCR box_score_fast uses the polygon mask).
float box_score(const cv::Mat& prob, const cv::RotatedRect& r) {
  cv::Point2f pts[4];
  r.points(pts);
  cv::Rect bb = cv::boundingRect(std::vector<cv::Point2f>(pts, pts + 4)) & cv::Rect(0, 0, prob.cols, prob.rows);
  if (bb.empty()) return 0;
  cv::Mat mask = cv::Mat::zeros(bb.size(), CV_8UC1);
  std::vector<cv::Point> poly;
  for (const auto& p : pts) poly.emplace_back(cvRound(p.x - bb.x), cvRound(p.y - bb.y));
  cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{poly}, cv::Scalar(1));
  return static_cast<float>(cv::mean(prob(bb), mask)[0]);
}

}  // namespace

std::vector<cv::RotatedRect> db_boxes(const cv::Mat& prob, const DbOptions& o) {
  cv::Mat bin = prob > o.thresh;
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(bin, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
  std::vector<cv::RotatedRect> out;
  for (std::size_t i = 0; i < contours.size() && static_cast<int>(i) < o.max_candidates; ++i) {
    cv::RotatedRect r = cv::minAreaRect(contours[i]);
    if (std::min(r.size.width, r.size.height) < 3) continue;
    if (box_score(prob, r) < o.box_thresh) continue;
    const float area = r.size.area(), perim = 2 * (r.size.width + r.size.height);
    const float d = area * o.unclip_ratio / perim;
    r.size.width += 2 * d;
    r.size.height += 2 * d;
    if (std::min(r.size.width, r.size.height) < 5) continue;
    out.push_back(r);
  }
  return out;
}

DbDetector::DbDetector(const std::filesystem::path& onnx, DbOptions o) : path_(onnx), opt_(o) {
  net_ = cv::dnn::readNetFromONNX(path_.string());
  if (net_.empty()) throw std::runtime_error("DB detector: cannot load " + onnx.string());
}

std::vector<cv::RotatedRect> DbDetector::detect(const cv::Mat& bgr) {
  if (bgr.empty() || bgr.type() != CV_8UC3) throw std::invalid_argument("DB detector: need CV_8UC3");
  // pad small pictures (word crops) so the network sees context around the text
  const int padw = std::max(0, opt_.min_side - bgr.cols), padh = std::max(0, opt_.min_side - bgr.rows);
  cv::Mat src = bgr;
  if (padw || padh) cv::copyMakeBorder(bgr, src, 0, padh, 0, padw, cv::BORDER_REPLICATE);
  // long side at most limit_side; short side at least min_short (small crops, long lines)
  double s = std::min(1.0, double(opt_.limit_side) / std::max(src.cols, src.rows));
  if (std::min(src.cols, src.rows) * s < opt_.min_short)
    s = std::min(double(opt_.min_short) / std::min(src.cols, src.rows), 2.0 * opt_.limit_side / std::max(src.cols, src.rows));
  const int w = std::max(32, int(std::lround(src.cols * s / 32.0)) * 32);
  const int h = std::max(32, int(std::lround(src.rows * s / 32.0)) * 32);
  cv::Mat in;
  cv::resize(src, in, {w, h});
  in.convertTo(in, CV_32FC3, 1 / 255.0);
  cv::subtract(in, cv::Scalar(0.485, 0.456, 0.406), in);
  cv::divide(in, cv::Scalar(0.229, 0.224, 0.225), in);
  // OpenCV 4.6 keeps the Resize layers' output sizes from the first forward pass: a new
  // input size needs a freshly loaded network (video frames of one asset share one size).
  if (net_size_ != in.size() && !net_size_.empty()) net_ = cv::dnn::readNetFromONNX(path_.string());
  net_size_ = in.size();
  net_.setInput(cv::dnn::blobFromImage(in));
  cv::Mat out = net_.forward();
  const cv::Mat prob(out.size[2], out.size[3], CV_32FC1, out.ptr<float>());
  auto boxes = db_boxes(prob, opt_);
  const float sx = float(src.cols) / w, sy = float(src.rows) / h;
  for (auto& r : boxes) {
    r.center.x *= sx;
    r.center.y *= sy;
    // scale the box's own axes: exact when sx == sy, close otherwise
    const double a = r.angle * CV_PI / 180;
    const double kx = std::hypot(std::cos(a) * sx, std::sin(a) * sy), ky = std::hypot(std::sin(a) * sx, std::cos(a) * sy);
    r.size.width *= float(kx);
    r.size.height *= float(ky);
  }
  std::sort(boxes.begin(), boxes.end(), [](const cv::RotatedRect& a, const cv::RotatedRect& b) {
    return a.center.y < b.center.y || (a.center.y == b.center.y && a.center.x < b.center.x);
  });
  return boxes;
}

}  // namespace reelscale::text
