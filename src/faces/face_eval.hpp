#pragma once
/// @file face_eval.hpp
/// Measures the face stage on a labelled photo set (../shared/corpus/faces/truth.json):
/// - verification accuracy at a distance threshold over every pair of labelled faces
///   (the largest face of each `single` image carries its identity),
/// - BCubed precision/recall/F1 (Amigo et al. 2009) of the identities over the labelled
///   faces (all detected faces, unlabelled ones included, are clustered) for average linkage
///   with cannot-link (faces of one photo) and for dlib's Chinese whispers,
/// - distractor faces put in a cluster that holds a named face, faces found in `no_face`
///   images, and detector boxes vs the truth's face_areas (IoU >= 0.5).
/// Images with `rotation_cw_deg` are rotated as the photo album displays them first.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "faces/face_models.hpp"

namespace reelscale::faces {

/// Figures of one evaluation (see file comment).
struct FaceEvalReport {
  int images = 0, faces = 0, labelled = 0, singles_without_face = 0;
  float threshold = 0.6f;
  long long same_pairs = 0, diff_pairs = 0, same_ok = 0, diff_ok = 0;
  double accuracy = 0;           ///< correct pairs / all pairs
  double balanced_accuracy = 0;  ///< (TPR + TNR) / 2
  /// Clustering figures of one method.
  struct Clustering {
    double precision = 0, recall = 0, f1 = 0;  ///< BCubed over the labelled faces
    int identities = 0;          ///< clusters holding at least one labelled face
    int distractors_merged = 0;  ///< distractor faces in a cluster with a named face
  };
  Clustering average;            ///< average linkage + cannot-link (faces of one image), the default
  Clustering whispers;           ///< dlib's Chinese whispers over the kNN graph
  bool blocked_same = false;     ///< blocked_average_linkage gave the same partition as `average`
  int blocks = 0;                ///< connected components of the threshold graph
  int distractor_faces = 0;
  int no_face_images = 0, no_face_detections = 0;
  int boxes = 0, boxes_matched = 0;  ///< truth face_areas, and those with a detection IoU >= 0.5
  std::vector<double> box_ious;

  nlohmann::json to_json() const;
};

/// Runs the evaluation on `corpus` (folder with truth.json and images/).
/// @throws std::runtime_error when truth.json cannot be read.
FaceEvalReport evaluate_face_corpus(const FaceModels& m, const std::filesystem::path& corpus,
                                    float threshold = 0.6f);

/// BCubed precision, recall and F1 of `cluster` against `label` (same length).
void bcubed(const std::vector<std::string>& label, const std::vector<std::int64_t>& cluster, double& p,
            double& r, double& f1);

}  // namespace reelscale::faces
