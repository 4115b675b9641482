#include "moderation/moderation_analyser.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "analysis/sample_runs.hpp"
#include "moderation/skin_fraction.hpp"

namespace reelscale::moderation {
namespace {

constexpr int kDrawing = 0, kHentai = 1, kNeutral = 2, kPorn = 3, kSexy = 4;

float explicit_score(const NsfwScores& s) { return s[kHentai] + s[kPorn]; }

/// Per shot: classified pictures, explicit ones, suggestive ones.
struct ShotCount {
  int n = 0, explicit_n = 0, sexy_n = 0;
};

}  // namespace

Verdict moderate(std::vector<FrameScores> frames, const ModerationOptions& o) {
  std::stable_sort(frames.begin(), frames.end(), [](const auto& a, const auto& b) { return a.frame < b.frame; });
  auto is_explicit = [&](const FrameScores& f) { return f.skin >= o.min_skin && explicit_score(f.scores) >= o.explicit_score; };
  auto is_sexy = [&](const FrameScores& f) { return f.skin >= o.min_skin && f.scores[kSexy] >= o.sexy && !is_explicit(f); };
  std::map<int, ShotCount> shots;
  for (const auto& f : frames) {
    if (!f.classified) continue;
    auto& c = shots[f.shot];
    c.n += 1, c.explicit_n += is_explicit(f) ? 1 : 0, c.sexy_n += is_sexy(f) ? 1 : 0;
  }
  auto label_of = [&](const FrameScores& f) -> std::pair<const char*, float> {
    const ShotCount& c = shots[f.shot];
    if (is_explicit(f) && 2 * c.explicit_n > c.n)
      return {f.scores[kPorn] >= f.scores[kHentai] ? kNsfwClasses[kPorn] : kNsfwClasses[kHentai], explicit_score(f.scores)};
    if (is_sexy(f) && c.sexy_n >= o.sexy_support && 2 * c.sexy_n > c.n) return {kNsfwClasses[kSexy], f.scores[kSexy]};
    return {nullptr, 0.f};
  };
  Verdict v;
  Flag* open = nullptr;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const auto [label, score] = label_of(frames[i]);
    if (!label) {
      open = nullptr;
      continue;
    }
    if (!open || open->label != label) {
      v.flags.push_back({label, frames[i].pts_s, frames[i].pts_s, score});
      open = &v.flags.back();
    }
    open->end_s = frames[i].pts_s + 1.0 / o.sample_hz;
    open->score = std::max(open->score, score);
  }
  double min_safe = 1;
  for (const auto& f : frames)
    if (f.classified) min_safe = std::min<double>(min_safe, f.scores[kDrawing] + f.scores[kNeutral]);
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
  Sample s{f.frame, f.pts_s, skin_fraction(f.bgr), analysis::sample_thumb(f.bgr), {}};
  if (s.skin >= opt_.min_skin) {
    cv::Mat in;
    cv::resize(f.bgr, in, {net_->size(), net_->size()}, 0, 0, cv::INTER_LINEAR);
    cv::imencode(".jpg", in, s.input, {cv::IMWRITE_JPEG_QUALITY, opt_.jpeg_quality});
  }
  std::lock_guard lk(mu_);
  samples_.push_back(std::move(s));
}

NsfwScores ModerationAnalyser::classify(const Sample& s) {
  cv::Mat bgr = cv::imdecode(s.input, cv::IMREAD_COLOR);
  if (bgr.empty()) throw std::runtime_error("moderation: cannot decode the kept input of frame " + std::to_string(s.frame));
  cv::cvtColor(bgr, bgr, cv::COLOR_BGR2RGB);
  return net_->classify_rgb(bgr);
}

std::vector<FrameScores> ModerationAnalyser::classify_plan(std::vector<Sample>& samples, const AssetRecord& rec) {
  std::vector<std::int64_t> frames;
  std::vector<cv::Mat> thumbs;
  for (const auto& s : samples) frames.push_back(s.frame), thumbs.push_back(s.thumb);
  const auto& shots = rec.shots.shots;
  std::vector<FrameScores> out;
  std::vector<char> done(samples.size(), 0);
  for (const auto& run : analysis::plan_sample_runs(frames, thumbs, rec)) {
    const Sample& rep = samples[run.rep];
    if (rep.input.empty()) continue;  // too little skin: no evidence possible
    const FrameScores r{rep.frame, rep.pts_s, classify(rep), rep.skin, run.shot, true};
    done[run.rep] = 1;
    out.push_back(r);
    for (std::size_t m : run.members)
      if (m != run.rep) out.push_back({samples[m].frame, samples[m].pts_s, r.scores, samples[m].skin, run.shot, false});
    if (explicit_score(r.scores) < opt_.explicit_score && r.scores[kSexy] < opt_.sexy) continue;
    // evidence: classify up to `confirm` other kept samples of the shot, nearest first
    std::vector<std::size_t> cand;
    for (std::size_t i = 0; i < samples.size(); ++i)
      if (!done[i] && !samples[i].input.empty() && analysis::shot_of_frame(shots, samples[i].frame) == run.shot)
        cand.push_back(i);
    std::sort(cand.begin(), cand.end(), [&](std::size_t a, std::size_t b) {
      return std::llabs(samples[a].frame - rep.frame) < std::llabs(samples[b].frame - rep.frame);
    });
    for (std::size_t k = 0; k < cand.size() && int(k) < opt_.confirm; ++k) {
      const Sample& c = samples[cand[k]];
      done[cand[k]] = 1;
      out.push_back({c.frame, c.pts_s, classify(c), c.skin, run.shot, true});
    }
  }
  // one entry per frame: a classified picture replaces a run copy of the same frame
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.frame < b.frame || (a.frame == b.frame && a.classified > b.classified);
  });
  out.erase(std::unique(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.frame == b.frame; }), out.end());
  return out;
}

analysis::AnalysisResult ModerationAnalyser::finish(const AssetRecord& rec) {
  std::vector<Sample> samples;
  {
    std::lock_guard lk(mu_);
    samples.swap(samples_);
  }
  const std::vector<FrameScores> frames = classify_plan(samples, rec);
  const Verdict v = moderate(frames, opt_);
  analysis::AnalysisResult r;
  nlohmann::json flags = nlohmann::json::array();
  for (const auto& f : v.flags)
    flags.push_back({{"label", f.label}, {"start_s", f.start_s}, {"end_s", f.end_s}, {"score", f.score}});
  r.sidecar = {{"safe", v.safe}, {"confidence", v.confidence}, {"flags", flags}};
  std::vector<std::int64_t> fr;
  std::vector<double> pts, skin;
  std::vector<float> sc;
  for (const auto& f : frames) {
    if (!f.classified) continue;
    fr.push_back(f.frame), pts.push_back(f.pts_s), skin.push_back(f.skin);
    sc.insert(sc.end(), f.scores.begin(), f.scores.end());
  }
  record::Table t{"moderation", {}};
  t.columns = {{"frame", "frames", 1, fr}, {"pts_s", "s", 1, pts}, {"scores", "", 5, sc}, {"skin", "", 1, skin}};
  r.tables.push_back(std::move(t));
  return r;
}

}  // namespace reelscale::moderation
