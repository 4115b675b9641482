#pragma once
/// @file tick_analyser.hpp
/// The duplicates frame analyser: per frame sampled at 5 Hz (analysis::FrameAnalyser; the
/// pipeline hands it BGR pictures of at most 160 px), it keeps which lines hold picture
/// (area_codes.hpp: picture_lines) and a 64x64 whole-frame grey. finish() sorts the
/// samples, takes each sample's active box from the samples of its shot within +-1 s
/// (stable_box), and computes the pHash of the 32x32 active-area picture and the motion
/// code against the previous sample of the same shot. Result: the per-asset table
/// `dup_ticks` (no sidecar member), read by the post-merge search through
/// catalog_signatures.hpp. Memory: ~4.3 KB per sample until finish() (~80 MB for one
/// hour of media).

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "analysis/frame_analyser.hpp"
#include "duplicates/area_codes.hpp"

namespace reelscale::duplicates {

/// Name of the per-asset table (and of the analyser stage).
inline constexpr const char* kTickTable = "dup_ticks";

/// Sampling of the analyser.
struct TickAnalyserOptions {
  double sample_hz = 5;  ///< the search's common rate (DuplicateOptions::rate_hz)
  int max_side = 160;    ///< longest side of the analysed picture, px
  int box_window = 5;    ///< samples each side (same shot) voting on the active box
};

/// One sampled frame, as kept until finish().
struct TickSample {
  std::int64_t frame = 0;
  double pts_s = 0;  ///< seconds from the first decoded frame
  LineFlags lines;   ///< at the analysed size
  cv::Mat grid;      ///< kGridSide x kGridSide grey of the whole frame (CV_8UC1)
};

/// What finish() computes per sample (exposed for tests).
struct TickCodes {
  std::vector<std::int64_t> frame;
  std::vector<double> pts_s;
  std::vector<std::uint64_t> phash, motion;
  std::vector<FrameBox> box;
};

/// Codes of `samples` (any order; sorted here by frame). `shot_of[i]` is the shot index of
/// samples[i] (boxes and motion never reach across shots).
TickCodes tick_codes(std::vector<TickSample> samples, const std::vector<int>& shot_of, int box_window);

/// The samples' picture data: line flags and the whole-frame grid of a BGR or grey picture
/// (downscaled to at most `max_side` first). @throws std::invalid_argument on an empty image.
TickSample make_sample(const cv::Mat& picture, std::int64_t frame, double pts_s, int max_side);

/// The record::Table `dup_ticks`: frame [frames], pts_s [s], phash, motion (64-bit codes
/// stored as int64), box [fraction; x0 y0 x1 y1].
record::Table tick_table(const TickCodes& c);

/// The frame analyser (one per asset).
class TickAnalyser final : public analysis::FrameAnalyser {
 public:
  explicit TickAnalyser(TickAnalyserOptions o = {}) : opt_(o) {}
  std::string key() const override { return kTickTable; }
  double sample_hz() const override { return opt_.sample_hz; }
  int max_side() const override { return opt_.max_side; }
  void analyse(const analysis::AnalysisFrame& f) override;
  analysis::AnalysisResult finish(const AssetRecord& rec) override;

 private:
  TickAnalyserOptions opt_;
  std::mutex mu_;
  std::vector<TickSample> samples_;
};

}  // namespace reelscale::duplicates
