#pragma once
/// @file moderation_analyser.hpp
/// Content moderation as an analysis::FrameAnalyser. analyse() keeps, per sampled frame
/// (default 1 Hz, and the one frame of a still), a thumbnail, its skin fraction
/// (skin_fraction.hpp) and, when that reaches `min_skin`, the 224x224 network input as JPEG.
/// finish() classifies (NsfwClassifier) only the samples nearest the shot stage's selected
/// frames, one per run of near-identical samples (analysis/sample_runs.hpp); a sample that
/// gives evidence is checked against up to `confirm` other kept samples of its shot.
///
/// Policy (moderate()): a classified picture is *explicit* evidence when Porn + Hentai >=
/// `explicit_score` and its skin fraction >= `min_skin`; *suggestive* when Sexy >= `sexy`
/// (same skin rule). A shot is flagged explicit when a strict majority of its classified
/// pictures are explicit; suggestive only with >= `sexy_support` suggestive pictures that are
/// a strict majority. Drawing and Neutral are never flagged. Flags: consecutive flagged
/// samples of one label (a run's samples share its representative's scores) form one flag
/// [start_s, end_s] (end = last sample + 1/sample_hz) with the highest score.
/// Sidecar: {"safe", "confidence", "flags": [{"label","start_s","end_s","score"}]}.

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
  float explicit_score = 0.95f;  ///< Porn + Hentai softmax score of explicit evidence: calibrated on
                                 ///< held-out real photos (corpus/faces: 71 press photos of dressed
                                 ///< people score up to 0.94; 0.60 flagged 7 of them)
  float sexy = 0.80f;            ///< Sexy softmax score of suggestive evidence
  double min_skin = 0.15;        ///< skin fraction below which a picture is no evidence (not classified)
  int sexy_support = 2;          ///< suggestive pictures a shot needs
  int confirm = 2;               ///< extra pictures of the shot classified to confirm evidence
  int jpeg_quality = 95;         ///< kept network inputs (bounded memory)
};

/// One sample's scores.
struct FrameScores {
  std::int64_t frame = 0;
  double pts_s = 0;
  NsfwScores scores{};
  double skin = 1;          ///< skin fraction 0..1
  int shot = 0;             ///< shot index (agreement is counted per shot)
  bool classified = true;   ///< false: a run member carrying its representative's scores
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

/// Flags and verdict from per-sample scores (any order), the policy above. Exposed for tests.
Verdict moderate(std::vector<FrameScores> frames, const ModerationOptions& o);

/// The frame analyser; one per asset, sharing one classifier.
class ModerationAnalyser final : public analysis::FrameAnalyser {
 public:
  ModerationAnalyser(std::shared_ptr<NsfwClassifier> net, ModerationOptions o = {});
  std::string key() const override { return "moderation"; }
  double sample_hz() const override { return opt_.sample_hz; }
  int max_side() const override { return opt_.max_side; }
  void analyse(const analysis::AnalysisFrame& f) override;
  /// Sidecar verdict + table "moderation" of the classified pictures (frame [frames],
  /// pts_s [s], scores [5 wide, class order], skin [fraction]).
  analysis::AnalysisResult finish(const AssetRecord& rec) override;

 private:
  struct Sample {
    std::int64_t frame = 0;
    double pts_s = 0, skin = 0;
    cv::Mat thumb;
    std::vector<unsigned char> input;  ///< JPEG of the 224x224 RGB input; empty below min_skin
  };
  /// Classified pictures + run copies for the kept samples (see the file comment).
  std::vector<FrameScores> classify_plan(std::vector<Sample>& samples, const AssetRecord& rec);
  NsfwScores classify(const Sample& s);
  std::shared_ptr<NsfwClassifier> net_;
  ModerationOptions opt_;
  std::mutex mu_;
  std::vector<Sample> samples_;
};

}  // namespace reelscale::moderation
