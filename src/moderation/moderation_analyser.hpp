#pragma once
/// @file moderation_analyser.hpp
/// Content moderation as an analysis::FrameAnalyser: each sampled frame (default 1 Hz, and
/// the one frame of a still) is classified by NsfwClassifier. A sampled frame is *flagged*
/// for a label when its score reaches that label's threshold (Porn 0.60, Hentai 0.60,
/// Sexy 0.80; Drawing and Neutral are never flagged). Consecutive flagged samples of one
/// label form one flag [start_s, end_s] (end = last flagged sample + 1/sample_hz) with the
/// highest score. Sidecar: {"safe", "confidence", "flags": [{"label","start_s","end_s","score"}]}.

#include <memory>
#include <mutex>
#include <vector>

#include "analysis/frame_analyser.hpp"
#include "moderation/nsfw_classifier.hpp"

namespace reelscale::moderation {

/// Thresholds and sampling.
struct ModerationOptions {
  double sample_hz = 1.0;
  int max_side = 448;
  float porn = 0.60f, hentai = 0.60f, sexy = 0.80f;  ///< flag thresholds on the softmax score
};

/// One sampled frame's scores.
struct FrameScores {
  std::int64_t frame = 0;
  double pts_s = 0;
  NsfwScores scores{};
};

/// A flagged span.
struct Flag {
  std::string label;
  double start_s = 0, end_s = 0;
  float score = 0;
};

/// Per-asset verdict.
struct Verdict {
  bool safe = true;
  double confidence = 1;  ///< safe: min over samples of Drawing+Neutral; else the highest flag score
  std::vector<Flag> flags;
};

/// Flags and verdict from per-frame scores (sorted by frame or not). Exposed for tests.
Verdict moderate(std::vector<FrameScores> frames, const ModerationOptions& o);

/// The frame analyser; one per asset, sharing one classifier.
class ModerationAnalyser final : public analysis::FrameAnalyser {
 public:
  ModerationAnalyser(std::shared_ptr<NsfwClassifier> net, ModerationOptions o = {});
  std::string key() const override { return "moderation"; }
  double sample_hz() const override { return opt_.sample_hz; }
  int max_side() const override { return opt_.max_side; }
  void analyse(const analysis::AnalysisFrame& f) override;
  /// Sidecar verdict + table "moderation" (frame [frames], pts_s [s], scores [5 wide]).
  analysis::AnalysisResult finish(const AssetRecord& rec) override;

 private:
  std::shared_ptr<NsfwClassifier> net_;
  ModerationOptions opt_;
  std::mutex mu_;
  std::vector<FrameScores> frames_;
};

}  // namespace reelscale::moderation
