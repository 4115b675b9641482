#pragma once
/// @file face_models.hpp
/// The two face networks together, found in the model folder (util::find_model "faces"),
/// and the per-picture step shared by the analyser, the eval and `query --face`:
/// detect -> align -> describe.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "faces/face_detector.hpp"
#include "faces/face_embedder.hpp"

namespace reelscale::faces {

/// File names under <model dir>/faces/ (written by models/faces/prepare.sh).
inline constexpr const char* kDetectorFile = "blazeface_back_flex.onnx";
inline constexpr const char* kEmbedderFile = "face_descriptor_128.onnx";

/// One detected, aligned and described face in one picture.
struct FaceObservation {
  FaceDetection det;      ///< box and key points in px of the picture
  Descriptor descriptor;  ///< 128-d
  float frontal = 0;      ///< 0..1, see frontality()
  float sharpness = 0;    ///< variance of the Laplacian of the grey chip
  float quality = 0;      ///< exemplar ranking: score * frontal * log1p(sharpness) * size term
};

/// Detector + embedder, shared read-only by every asset's analyser.
struct FaceModels {
  std::shared_ptr<const FaceDetector> detector;
  std::shared_ptr<const FaceEmbedder> embedder;

  /// Faces in `bgr` (CV_8UC3), best score first: detected, aligned and described.
  std::vector<FaceObservation> observe(const cv::Mat& bgr) const;
  /// Faces in `bgr` detected and aligned but not described (descriptor left zero): the
  /// cheap half of observe(); `chips` gets each face's 150x150 BGR chip (see align_face).
  /// `tile_input_per_px` > 0: FaceDetector::detect_tiled at that scale (small faces too).
  std::vector<FaceObservation> locate(const cv::Mat& bgr, std::vector<cv::Mat>& chips,
                                      double tile_input_per_px = 0) const;
};

/// Loads both models from `models_dir` (empty: the default search of util::find_model).
/// Returns nullopt and sets `why` (one sentence naming what is missing and how to prepare it)
/// when a model file is absent. @throws std::runtime_error when a file exists but will not load.
std::optional<FaceModels> load_face_models(const std::filesystem::path& models_dir, std::string& why,
                                           DetectorOptions o = {});

}  // namespace reelscale::faces
