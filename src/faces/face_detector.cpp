#include "faces/face_detector.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <opencv2/imgproc.hpp>

namespace reelscale::faces {
namespace {

constexpr int kInput = 256;       ///< the longer side of the detector input, px
constexpr int kStride = 32;       ///< the coarsest anchor stride: input sides are multiples of it
constexpr int kMinPad = 16;       ///< black rows (or columns) at least, in all, across the shorter side
constexpr int kTileOverlap = 32;  ///< tile overlap, input px (a face up to this size is whole in one tile)

/// Where the picture sits in the detector input.
struct Letterbox {
  double scale = 1;  ///< input px per picture px
  double pad_x = 0, pad_y = 0;
  cv::Size input;  ///< detector input, px
};

cv::Mat make_blob(const cv::Mat& bgr, Letterbox& lb) {
  lb.scale = static_cast<double>(kInput) / std::max(bgr.cols, bgr.rows);
  const int w = std::max(1, static_cast<int>(std::lround(bgr.cols * lb.scale)));
  const int h = std::max(1, static_cast<int>(std::lround(bgr.rows * lb.scale)));
  lb.input = detector_input(bgr.size());
  lb.pad_x = (lb.input.width - w) / 2;
  lb.pad_y = (lb.input.height - h) / 2;
  cv::Mat sized, rgb;
  cv::resize(bgr, sized, cv::Size(w, h), 0, 0, lb.scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
  cv::cvtColor(sized, rgb, cv::COLOR_BGR2RGB);
  cv::Mat canvas(lb.input, CV_8UC3, cv::Scalar::all(0));
  rgb.copyTo(canvas(cv::Rect(static_cast<int>(lb.pad_x), static_cast<int>(lb.pad_y), w, h)));
  const int dims[] = {1, lb.input.height, lb.input.width, 3};
  cv::Mat blob(4, dims, CV_32F);
  cv::Mat view(lb.input, CV_32FC3, blob.ptr<float>());
  canvas.convertTo(view, CV_32FC3, 1.0 / 127.5, -1.0);  // RGB in [-1, 1], NHWC
  return blob;
}

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-std::clamp(x, -80.0f, 80.0f))); }

/// Decodes one anchor layer (a grid of `stride` px cells over the input, `per_cell` anchors
/// per cell, row-major).
void decode_layer(const cv::Mat& scores, const cv::Mat& boxes, int stride, int per_cell, const Letterbox& lb,
                  float threshold, std::vector<FaceDetection>& out) {
  const int cells_x = lb.input.width / stride, cells_y = lb.input.height / stride;
  if (scores.total() != static_cast<std::size_t>(cells_x * cells_y * per_cell) || boxes.total() != 16 * scores.total())
    throw std::runtime_error("face detector: " + std::to_string(scores.total()) + " anchors for a " +
                             std::to_string(lb.input.width) + "x" + std::to_string(lb.input.height) +
                             " input (the model must be the shape-independent one of models/faces/prepare.sh)");
  const float* s = scores.ptr<float>();
  const float* b = boxes.ptr<float>();
  auto to_px = [&](double u, double v) {
    return cv::Point2f(static_cast<float>((u - lb.pad_x) / lb.scale), static_cast<float>((v - lb.pad_y) / lb.scale));
  };
  for (int y = 0; y < cells_y; ++y)
    for (int x = 0; x < cells_x; ++x)
      for (int a = 0; a < per_cell; ++a) {
        const int i = (y * cells_x + x) * per_cell + a;
        const float score = sigmoid(s[i]);
        if (score < threshold) continue;
        const float* r = b + 16 * i;
        const double ax = (x + 0.5) * stride, ay = (y + 0.5) * stride;  // anchor centre, input px
        FaceDetection d;
        d.score = score;
        const cv::Point2f c = to_px(ax + r[0], ay + r[1]);
        const float w = static_cast<float>(r[2] / lb.scale), h = static_cast<float>(r[3] / lb.scale);
        d.box = cv::Rect2f(c.x - w / 2, c.y - h / 2, w, h);
        for (int k = 0; k < 6; ++k) d.keypoints[k] = to_px(ax + r[4 + 2 * k], ay + r[5 + 2 * k]);
        out.push_back(d);
      }
}

}  // namespace

cv::Size detector_input(cv::Size picture) {
  if (picture.width <= 0 || picture.height <= 0) return {kInput, kInput};
  const double scale = static_cast<double>(kInput) / std::max(picture.width, picture.height);
  auto side = [&](int px) {
    const int s = std::max(1, static_cast<int>(std::lround(px * scale)));
    if (s >= kInput) return kInput;  // the longer side: filled, as in the shipped letterbox
    return std::min(kInput, (s + kMinPad + kStride - 1) / kStride * kStride);
  };
  return {side(picture.width), side(picture.height)};
}

float box_iou(const cv::Rect2f& a, const cv::Rect2f& b) {
  const float inter = (a & b).area();
  const float uni = a.area() + b.area() - inter;
  return uni > 0 ? inter / uni : 0.0f;
}

std::vector<FaceDetection> suppress_overlaps(std::vector<FaceDetection> d, float iou, bool weighted) {
  std::stable_sort(d.begin(), d.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
  std::vector<FaceDetection> kept;
  std::vector<bool> used(d.size(), false);
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (used[i]) continue;
    used[i] = true;
    FaceDetection acc{};
    float wsum = 0;
    auto add = [&](const FaceDetection& e) {
      acc.box.x += e.box.x * e.score;
      acc.box.y += e.box.y * e.score;
      acc.box.width += e.box.width * e.score;
      acc.box.height += e.box.height * e.score;
      for (int k = 0; k < 6; ++k) acc.keypoints[k] += e.keypoints[k] * e.score;
      wsum += e.score;
    };
    add(d[i]);
    for (std::size_t j = i + 1; j < d.size(); ++j) {
      if (used[j] || box_iou(d[i].box, d[j].box) < iou) continue;
      used[j] = true;
      if (weighted) add(d[j]);
    }
    FaceDetection out = d[i];
    if (weighted && wsum > 0) {
      out.box = cv::Rect2f(acc.box.x / wsum, acc.box.y / wsum, acc.box.width / wsum, acc.box.height / wsum);
      for (int k = 0; k < 6; ++k) out.keypoints[k] = acc.keypoints[k] / wsum;
    }
    kept.push_back(out);
  }
  return kept;
}

FaceDetector::FaceDetector(const std::filesystem::path& model, DetectorOptions o) : o_(o), pool_(model) {}

std::vector<FaceDetection> FaceDetector::raw(const cv::Mat& bgr) const {
  Letterbox lb;
  cv::Mat blob = make_blob(bgr, lb);
  cv::dnn::Net& net = pool_.local(lb.input.height * 4096 + lb.input.width);  // one network per input shape
  net.setInput(blob);
  static const std::vector<std::string> names = {"Identity:0", "Identity_1:0", "Identity_2:0", "Identity_3:0"};
  std::vector<cv::Mat> outs;
  net.forward(outs, names);
  std::vector<FaceDetection> found;
  decode_layer(outs[0], outs[2], 16, 2, lb, o_.score_threshold, found);
  decode_layer(outs[1], outs[3], kStride, 6, lb, o_.score_threshold, found);
  return found;
}

std::vector<FaceDetection> FaceDetector::finish(std::vector<FaceDetection> found) const {
  std::vector<FaceDetection> kept = suppress_overlaps(std::move(found), o_.nms_iou, o_.weighted_nms);
  std::erase_if(kept, [&](const FaceDetection& f) { return f.box.height < o_.min_face_px; });
  return kept;
}

std::vector<FaceDetection> FaceDetector::detect(const cv::Mat& bgr) const {
  if (bgr.empty() || bgr.type() != CV_8UC3) return {};
  return finish(raw(bgr));
}

int tile_count(int side, int tile, int overlap) {
  if (side <= tile) return 1;
  return 1 + (side - overlap - 1) / (tile - overlap);  // ceil((side - overlap) / (tile - overlap))
}

std::vector<FaceDetection> FaceDetector::detect_tiled(const cv::Mat& bgr, double input_per_px) const {
  if (bgr.empty() || bgr.type() != CV_8UC3) return {};
  std::vector<FaceDetection> whole = finish(raw(bgr));  // the whole picture: as detect()
  if (static_cast<double>(kInput) / std::max(bgr.cols, bgr.rows) >= input_per_px) return whole;
  std::vector<FaceDetection> found;
  {
    cv::Mat scaled;
    const double s = std::min(1.0, input_per_px);
    if (s < 1.0)
      cv::resize(bgr, scaled, cv::Size(), s, s, cv::INTER_AREA);
    else
      scaled = bgr;
    const int nx = tile_count(scaled.cols, kInput, kTileOverlap), ny = tile_count(scaled.rows, kInput, kTileOverlap);
    const int tw = std::min(kInput, scaled.cols), th = std::min(kInput, scaled.rows);
    for (int ty = 0; ty < ny; ++ty)
      for (int tx = 0; tx < nx; ++tx) {
        const int x0 = nx == 1 ? 0 : static_cast<int>(std::lround(double(tx) * (scaled.cols - tw) / (nx - 1)));
        const int y0 = ny == 1 ? 0 : static_cast<int>(std::lround(double(ty) * (scaled.rows - th) / (ny - 1)));
        for (FaceDetection d : raw(scaled(cv::Rect(x0, y0, tw, th)))) {
          d.box = cv::Rect2f(float((d.box.x + x0) / s), float((d.box.y + y0) / s), float(d.box.width / s),
                             float(d.box.height / s));
          for (auto& k : d.keypoints) k = cv::Point2f(float((k.x + x0) / s), float((k.y + y0) / s));
          found.push_back(d);
        }
      }
  }
  for (const FaceDetection& t : finish(std::move(found))) {  // tile faces the whole picture did not give
    const bool known = std::any_of(whole.begin(), whole.end(), [&](const FaceDetection& w) {
      return (w.box & t.box).area() > 0.3f * std::min(w.box.area(), t.box.area());
    });
    if (!known) whole.push_back(t);
  }
  return whole;
}

}  // namespace reelscale::faces
