#include "outputs/preview_plan.hpp"

#include <algorithm>

namespace reelscale::outputs {

namespace {
/// Index of the representative shot of frames [a, b].
int representative_shot(const AssetRecord& rec, std::int64_t a, std::int64_t b, std::int64_t keyframe) {
  int best = -1;
  double best_len = -1;
  for (std::size_t i = 0; i < rec.shots.shots.size(); ++i) {
    const Shot& s = rec.shots.shots[i];
    if (s.end_frame < a || s.start_frame > b) continue;
    const double len = s.end_s - s.start_s;
    if (keyframe >= s.start_frame && keyframe <= s.end_frame && len >= 0.5) return int(i);
    if (len > best_len) best = int(i), best_len = len;
  }
  return best;
}
}  // namespace

std::vector<PreviewClip> plan_preview(const AssetRecord& rec, double target_s, double min_clip_s) {
  std::vector<PreviewClip> clips;
  if (target_s <= 0 || rec.shots.shots.empty()) return clips;
  struct Cand {
    int scene, shot;
    double scene_len;
  };
  std::vector<Cand> cands;
  if (!rec.scenes.scenes.empty()) {
    for (std::size_t i = 0; i < rec.scenes.scenes.size(); ++i) {
      const Scene& sc = rec.scenes.scenes[i];
      const int shot = representative_shot(rec, sc.start_frame, sc.end_frame, sc.keyframe);
      if (shot >= 0) cands.push_back({int(i), shot, sc.end_s - sc.start_s});
    }
  } else {
    for (std::size_t i = 0; i < rec.shots.shots.size(); ++i)
      cands.push_back({int(i), int(i), rec.shots.shots[i].end_s - rec.shots.shots[i].start_s});
  }
  const std::size_t keep = std::max<std::size_t>(1, std::size_t(target_s / min_clip_s));
  if (cands.size() > keep) {  // keep the longest scenes, then restore time order
    std::stable_sort(cands.begin(), cands.end(), [](const Cand& x, const Cand& y) { return x.scene_len > y.scene_len; });
    cands.resize(keep);
    std::sort(cands.begin(), cands.end(), [](const Cand& x, const Cand& y) { return x.scene < y.scene; });
  }
  // Share of each clip: T/n, and what short shots leave over goes to the others.
  double left = target_s;
  for (std::size_t k = 0; k < cands.size(); ++k) {
    const Shot& s = rec.shots.shots[std::size_t(cands[k].shot)];
    const double share = left / double(cands.size() - k);
    const double len = std::min(s.end_s - s.start_s, share);
    if (len <= 0) continue;
    clips.push_back({s.start_s, s.start_s + len, cands[k].scene, cands[k].shot});
    left -= len;
  }
  return clips;
}

}  // namespace reelscale::outputs
