#pragma once
/// @file adbreak_eval.hpp
/// Scoring of commercial breaks and insertion points (issue 15) in `reelscale run`
/// sidecars against `*.truth.json`:
///  - truth `commercial_breaks` [{start, end}] (inclusive frames, first slate to last)
///    against the sidecar's `commercial_breaks` [{start, end}]: one-to-one greedy
///    matching by intersection-over-union (frames, inclusive ranges), largest IoU
///    first; each truth break scores the IoU of its match (0 when unmatched); a
///    detected break left unmatched is a *false span*;
///  - insertion points (sidecar `insertion_points` [{frame}]) against the long-form
///    truth's `insertion_points_ok` [{start, end}] (a point P is acceptable when some
///    start - tol <= P <= end + tol; tol defaults to 0 frames, the truth's own rule)
///    and its `ladder.windows` [{k, start, end}]: precision = acceptable points /
///    points; recall = ladder windows holding at least one point / windows
///    (Media2Cloud ladder, see adbreaks/ad_breaks.hpp); windows holding an
///    acceptable point are counted too (`served_ok`).
/// Truth files without `commercial_breaks` are left out of the break score, those
/// without `insertion_points_ok` and `ladder` out of the insertion score.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval/shot_eval.hpp"

namespace reelscale::eval {

/// An inclusive frame range.
using FrameRange = std::pair<std::int64_t, std::int64_t>;

/// Intersection over union of two inclusive frame ranges (0 when disjoint or empty).
double range_iou(const FrameRange& a, const FrameRange& b);

/// Commercial-break score of one file.
struct BreakScore {
  std::vector<FrameRange> truth, detected;
  std::vector<double> iou;          ///< per truth break, IoU of its match (0: missed)
  std::vector<int> match;           ///< per truth break, index into `detected` or -1
  std::vector<std::size_t> false_spans;  ///< indices into `detected` matched to no truth break
  double min_iou() const;           ///< smallest per-break IoU (1 when no truth break)
};

/// One-to-one greedy matching by IoU (largest first; pairs with IoU 0 never match).
BreakScore score_breaks(const std::vector<FrameRange>& truth, const std::vector<FrameRange>& detected);

/// Insertion-point score of one file.
struct InsertionScore {
  std::vector<std::int64_t> points;       ///< detected insertion frames, sorted
  std::vector<bool> point_ok;             ///< per point: inside an acceptable range
  std::vector<FrameRange> windows;        ///< ladder windows (inclusive frames)
  std::vector<bool> served, served_ok;    ///< per window: holds a point / an acceptable point
  int ok_points() const;
  int served_windows() const;
  int served_ok_windows() const;
  double precision() const;  ///< ok points / points (1 when there is no point)
  double recall() const;     ///< served windows / windows (1 when there is no window)
};

/// Scores `points` against the acceptable ranges `ok` and the ladder `windows`
/// with a tolerance of `tol` frames on the acceptable ranges.
InsertionScore score_insertion_points(std::vector<std::int64_t> points, const std::vector<FrameRange>& ok,
                                      const std::vector<FrameRange>& windows, std::int64_t tol = 0);

/// One truth file's ad-break result.
struct AdBreakFileResult {
  std::string video;
  bool found = false;          ///< a sidecar was read
  bool has_breaks = false;     ///< the truth has "commercial_breaks"
  bool has_insertion = false;  ///< the truth has "insertion_points_ok" and "ladder"
  BreakScore breaks;
  InsertionScore insertion;
};

/// Ad-break results over a truth folder.
struct AdBreakCorpusResult {
  std::int64_t insertion_tolerance = 0;
  std::vector<AdBreakFileResult> files;  ///< truth files with breaks or insertion truth
  int truth_breaks = 0, detected_breaks = 0, false_spans = 0;
  double min_iou = 1, mean_iou = 1;  ///< over all truth breaks (1 when none)
  int points = 0, ok_points = 0, windows = 0, served = 0, served_ok = 0;
  double precision() const { return points ? double(ok_points) / points : 1.0; }
  double recall() const { return windows ? double(served) / windows : 1.0; }
  std::vector<std::string> warnings;
};

/// Scores the sidecars that `shots` matched to each truth file (evaluate_corpus).
AdBreakCorpusResult evaluate_ad_breaks(const CorpusResult& shots, std::int64_t insertion_tol = 0);

/// Human-readable tables (breaks; insertion points), detail lines when `verbose`.
std::string format_ad_break_table(const AdBreakCorpusResult& r, bool verbose = false);

/// The same as JSON: {"breaks": {...}, "insertion_points": {...}, "files": [...]}.
nlohmann::json to_json(const AdBreakCorpusResult& r);

}  // namespace reelscale::eval
