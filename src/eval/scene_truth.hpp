#pragma once
/// @file scene_truth.hpp
/// Scene ground truth (the `scenes` of ../shared/corpus/dev/*.truth.json) and
/// scene-boundary scoring.
///
/// Truth scenes are labelled ranges; consecutive ranges with the same label
/// form one scene. Ranges labelled "slate" (black + silent slates between
/// programme and adverts) are not scenes of their own: a slate is collapsed
/// into the scene before it, so the boundary it makes is the first frame after
/// the slate (the first frame of the next scene). reelscale does the same
/// (a black scene shorter than 2 s merges into the scene before it).
/// A boundary is the first frame of every scene after the first.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace reelscale::eval {

/// One truth scene (inclusive 0-based frames).
struct TruthScene {
  std::string label;
  std::int64_t start = 0, end = 0;
};

/// Truth scenes of one file with same-label neighbours joined and slates
/// collapsed into the scene before (a leading slate into the scene after).
/// @throws std::runtime_error when the file cannot be read or has no "scenes".
std::vector<TruthScene> load_truth_scenes(const std::filesystem::path& truth_json);

/// Boundary frames (first frame of each scene after the first).
std::vector<std::int64_t> boundaries_of(const std::vector<TruthScene>& scenes);

/// Precision/recall/F1 of detected boundaries against truth, one-to-one
/// greedy matching within `tolerance` frames (closest pairs first).
struct BoundaryScore {
  int truth = 0, detected = 0, matched = 0;
  double precision = 0, recall = 0, f1 = 0;
};
BoundaryScore score_boundaries(const std::vector<std::int64_t>& truth, const std::vector<std::int64_t>& detected,
                               std::int64_t tolerance = 25);

/// Fills precision, recall and F1 of `s` from its counts (precision 1 when
/// nothing is detected and there is no truth; recall 1 when there is no truth).
void compute_rates(BoundaryScore& s);

}  // namespace reelscale::eval
