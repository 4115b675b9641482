#include "moderation/moderation_analyser.hpp"

#include <algorithm>

namespace reelscale::moderation {

Verdict moderate(std::vector<FrameScores> frames, const ModerationOptions& o) {
  std::sort(frames.begin(), frames.end(), [](const auto& a, const auto& b) { return a.frame < b.frame; });
  const std::array<std::pair<int, float>, 3> rules{{{3, o.porn}, {1, o.hentai}, {4, o.sexy}}};
  Verdict v;
  double min_safe = 1;
  for (const auto& [cls, thr] : rules) {
    Flag* open = nullptr;
    std::size_t last = 0;
    for (std::size_t i = 0; i < frames.size(); ++i) {
      const float s = frames[i].scores[cls];
      if (s < thr) continue;
      if (!open || last + 1 != i) {
        v.flags.push_back({kNsfwClasses[cls], frames[i].pts_s, frames[i].pts_s, s});
        open = &v.flags.back();
      }
      open->end_s = frames[i].pts_s + 1.0 / o.sample_hz;
      open->score = std::max(open->score, s);
      last = i;
    }
  }
  for (const auto& f : frames) min_safe = std::min<double>(min_safe, f.scores[0] + f.scores[2]);
  std::sort(v.flags.begin(), v.flags.end(), [](const Flag& a, const Flag& b) { return a.start_s < b.start_s; });
  v.safe = v.flags.empty();
  v.confidence = min_safe;
  if (!v.safe) {
    v.confidence = 0;
    for (const auto& f : v.flags) v.confidence = std::max<double>(v.confidence, f.score);
  }
  return v;
}

ModerationAnalyser::ModerationAnalyser(std::shared_ptr<NsfwClassifier> net, ModerationOptions o)
    : net_(std::move(net)), opt_(o) {}

void ModerationAnalyser::analyse(const analysis::AnalysisFrame& f) {
  const NsfwScores s = net_->classify(f.bgr);
  std::lock_guard lk(mu_);
  frames_.push_back({f.frame, f.pts_s, s});
}

analysis::AnalysisResult ModerationAnalyser::finish(const AssetRecord&) {
  std::vector<FrameScores> frames;
  {
    std::lock_guard lk(mu_);
    frames.swap(frames_);
  }
  std::sort(frames.begin(), frames.end(), [](const auto& a, const auto& b) { return a.frame < b.frame; });
  const Verdict v = moderate(frames, opt_);
  analysis::AnalysisResult r;
  nlohmann::json flags = nlohmann::json::array();
  for (const auto& f : v.flags)
    flags.push_back({{"label", f.label}, {"start_s", f.start_s}, {"end_s", f.end_s}, {"score", f.score}});
  r.sidecar = {{"safe", v.safe}, {"confidence", v.confidence}, {"flags", flags}};
  std::vector<std::int64_t> fr;
  std::vector<double> pts;
  std::vector<float> sc;
  for (const auto& f : frames) {
    fr.push_back(f.frame), pts.push_back(f.pts_s);
    sc.insert(sc.end(), f.scores.begin(), f.scores.end());
  }
  record::Table t{"moderation", {}};
  t.columns = {{"frame", "frames", 1, fr}, {"pts_s", "s", 1, pts}, {"scores", "", 5, sc}};
  r.tables.push_back(std::move(t));
  return r;
}

}  // namespace reelscale::moderation
