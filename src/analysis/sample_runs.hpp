#pragma once
/// @file sample_runs.hpp
/// Which sampled frames an expensive analyser (OCR, moderation) really reads, decided in
/// finish() once shots and selected frames are known. The pipeline hands analysers frames
/// at a fixed rate during decode, before frame selection; an analyser keeps a cheap
/// record of each sample (frame index, a 16x9 grey thumbnail) and, in finish():
///  - the samples of a shot are cut into *runs* of near-identical pictures: consecutive
///    samples (by frame) whose thumbnail's mean absolute difference to the run's first
///    sample is <= `max_mad` grey levels (same shot, same content: the per-shot cache);
///  - for each selected frame (record::SelectedFrame, the shot stage's dynamic frame
///    selection) the sample of the same shot nearest to it becomes the representative of
///    its run; only representatives are analysed, and their result stands for every
///    sample of the run (first..last sample = the result's time span);
///  - a record without selected frames (shot stage off, a still image) reads every sample.
/// Header-only (the analysis area has no compiled sources).

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "record/asset_record.hpp"

namespace reelscale::analysis {

/// 16x9 grey thumbnail (INTER_AREA) of a BGR picture, the run-similarity signature.
inline cv::Mat sample_thumb(const cv::Mat& bgr) {
  cv::Mat g, t;
  cv::cvtColor(bgr, g, cv::COLOR_BGR2GRAY);
  cv::resize(g, t, {16, 9}, 0, 0, cv::INTER_AREA);
  return t;
}

/// Mean absolute difference of two thumbnails, grey levels (0..255).
inline double thumb_mad(const cv::Mat& a, const cv::Mat& b) {
  if (a.empty() || b.empty() || a.size() != b.size()) return 255;
  return cv::norm(a, b, cv::NORM_L1) / double(a.total());
}

/// A run of near-identical samples of one shot; `members` and `rep` index the input vector.
struct SampleRun {
  int shot = 0;
  std::vector<std::size_t> members;  ///< ascending frame order
  std::size_t rep = 0;               ///< the sample to analyse
};

/// Index of the shot holding `frame` (0 when the record has no shots).
inline int shot_of_frame(const std::vector<Shot>& shots, std::int64_t frame) {
  auto it = std::upper_bound(shots.begin(), shots.end(), frame,
                             [](std::int64_t v, const Shot& s) { return v < s.start_frame; });
  return it == shots.begin() ? 0 : int(it - shots.begin()) - 1;
}

/// The runs to analyse (see the file comment). `frames[i]`, `thumbs[i]`: sample i (any order).
inline std::vector<SampleRun> plan_sample_runs(const std::vector<std::int64_t>& frames,
                                               const std::vector<cv::Mat>& thumbs, const AssetRecord& rec,
                                               double max_mad = 6.0) {
  std::vector<std::size_t> order(frames.size());
  std::iota(order.begin(), order.end(), std::size_t(0));
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return frames[a] < frames[b]; });
  const auto& shots = rec.shots.shots;
  const auto& sel = rec.shots.selected_frames;
  std::vector<SampleRun> runs;
  for (std::size_t i : order) {
    const int shot = shot_of_frame(shots, frames[i]);
    const bool same = !sel.empty() && !runs.empty() && runs.back().shot == shot &&
                      thumb_mad(thumbs[runs.back().members.front()], thumbs[i]) <= max_mad;
    if (same) runs.back().members.push_back(i);
    else runs.push_back({shot, {i}, i});
  }
  if (sel.empty()) return runs;  // every sample is its own run and is read
  std::vector<char> wanted(runs.size(), 0);
  for (const auto& s : sel) {
    const int shot = shot_of_frame(shots, s.frame);
    std::size_t best_run = runs.size(), best_member = 0;
    std::int64_t best_d = -1;
    for (std::size_t r = 0; r < runs.size(); ++r) {
      if (runs[r].shot != shot) continue;
      for (std::size_t m : runs[r].members) {
        const std::int64_t d = std::llabs(frames[m] - s.frame);
        if (best_d < 0 || d < best_d) best_d = d, best_run = r, best_member = m;
      }
    }
    if (best_run == runs.size() || wanted[best_run]) continue;
    wanted[best_run] = 1;
    runs[best_run].rep = best_member;
  }
  std::vector<SampleRun> out;
  for (std::size_t r = 0; r < runs.size(); ++r)
    if (wanted[r]) out.push_back(std::move(runs[r]));
  return out;
}

}  // namespace reelscale::analysis
