#include "faces/face_models.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "faces/face_align.hpp"
#include "util/model_dir.hpp"

namespace reelscale::faces {
namespace {

float laplacian_variance(const cv::Mat& chip_bgr) {
  cv::Mat grey, lap;
  cv::cvtColor(chip_bgr, grey, cv::COLOR_BGR2GRAY);
  cv::Laplacian(grey, lap, CV_32F);
  cv::Scalar mean, sd;
  cv::meanStdDev(lap, mean, sd);
  return static_cast<float>(sd[0] * sd[0]);
}

}  // namespace

std::vector<FaceObservation> FaceModels::observe(const cv::Mat& bgr) const {
  std::vector<cv::Mat> chips;
  std::vector<FaceObservation> out = locate(bgr, chips);
  for (std::size_t i = 0; i < out.size(); ++i) out[i].descriptor = embedder->embed(chips[i]);
  return out;
}

std::vector<FaceObservation> FaceModels::locate(const cv::Mat& bgr, std::vector<cv::Mat>& chips,
                                                double tile_input_per_px) const {
  std::vector<FaceObservation> out;
  chips.clear();
  const auto found = tile_input_per_px > 0 ? detector->detect_tiled(bgr, tile_input_per_px) : detector->detect(bgr);
  for (const FaceDetection& d : found) {
    FaceObservation o;
    o.det = d;
    const cv::Mat chip = align_face(bgr, d);
    chips.push_back(chip);
    o.frontal = frontality(d);
    o.sharpness = laplacian_variance(chip);
    const float size_term = std::min(1.0f, d.box.height / 80.0f);
    o.quality = d.score * (0.25f + o.frontal) * std::log1p(o.sharpness) * size_term;
    out.push_back(o);
  }
  return out;
}

std::optional<FaceModels> load_face_models(const std::filesystem::path& models_dir, std::string& why,
                                           DetectorOptions o) {
  const auto det = util::find_model("faces", kDetectorFile, models_dir);
  const auto emb = util::find_model("faces", kEmbedderFile, models_dir);
  if (!det || !emb) {
    why = std::string("faces: model ") + (!det ? kDetectorFile : kEmbedderFile) +
          " not found under <models>/faces/ (run models/faces/prepare.sh or scripts/models.sh, "
          "or pass --models DIR); faces skipped";
    return std::nullopt;
  }
  FaceModels m;
  m.detector = std::make_shared<FaceDetector>(*det, o);
  m.embedder = std::make_shared<FaceEmbedder>(*emb);
  return m;
}

}  // namespace reelscale::faces
