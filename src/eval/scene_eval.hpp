#pragma once
/// @file scene_eval.hpp
/// Scene-boundary scoring of `reelscale run` sidecars against the `scenes` of
/// `*.truth.json` (issue 5): a boundary is the first frame of every scene after
/// the first; truth slates are folded into the scene before them
/// (scenes/scene_truth.hpp); one-to-one greedy matching, closest pairs first,
/// within a tolerance (default 25 frames, the issue's).

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval/scene_truth.hpp"
#include "eval/shot_eval.hpp"

namespace reelscale::eval {

/// Default scene-boundary tolerance, frames (issue 5).
inline constexpr std::int64_t kSceneTolerance = 25;

/// One truth file's scene score.
struct SceneFileResult {
  std::string video;                          ///< truth "video"
  bool found = false;                         ///< a sidecar was found
  std::vector<std::int64_t> truth, detected;  ///< boundary frames
  eval::BoundaryScore score;
};

/// Scene scores over a truth folder.
struct SceneCorpusResult {
  std::int64_t tolerance = kSceneTolerance;
  std::vector<SceneFileResult> files;  ///< truth files that have "scenes", in `shots.files` order
  eval::BoundaryScore pooled;          ///< counts summed over files, P/R/F1 from the sums
  double mean_f1 = 1;                  ///< per-file F1 averaged (1 when no file)
  std::vector<std::string> warnings;   ///< sidecars that could not be read
};

/// Scores the sidecars `shots` matched to each truth file (evaluate_corpus);
/// truth files without "scenes" are left out. A file without a sidecar scores
/// as no detections.
SceneCorpusResult evaluate_scenes(const CorpusResult& shots, std::int64_t tol = kSceneTolerance);

/// Human-readable table: per file and pooled P/R/F1, boundaries listed when `verbose`.
std::string format_scene_table(const SceneCorpusResult& r, bool verbose = false);

/// The same as JSON: {"tolerance", "files": [...], "pooled": {...}, "mean_f1"}.
nlohmann::json to_json(const SceneCorpusResult& r);

}  // namespace reelscale::eval
