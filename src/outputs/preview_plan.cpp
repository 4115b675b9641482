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
/// Extends clips that end on their shot's end with the next shot of the same scene while
/// whole shots fit into `left` seconds (round robin, time order); never onto a shot
/// another clip starts with.
void fill_with_next_shots(const AssetRecord& rec, std::vector<PreviewClip>& clips, double left) {
  const auto& shots = rec.shots.shots;
  for (bool grew = true; grew && left > 0;) {
    grew = false;
    for (std::size_t k = 0; k < clips.size(); ++k) {
      PreviewClip& c = clips[k];
      const int next = c.last_shot + 1;
      if (std::size_t(next) >= shots.size() || c.end_s < shots[std::size_t(c.last_shot)].end_s - 1e-6) continue;
      if (next > rec.scenes.scenes[std::size_t(c.scene)].last_shot) continue;
      if (k + 1 < clips.size() && clips[k + 1].shot <= next) continue;
      const double len = shots[std::size_t(next)].end_s - shots[std::size_t(next)].start_s;
      if (len <= 0 || len > left) continue;
      c.end_s = shots[std::size_t(next)].end_s;
      c.last_shot = next;
      left -= len;
      grew = true;
    }
  }
}

/// The longest shot of scene `scene` no longer than `share` seconds and at least 0.5 s long,
/// -1 if none: a whole shot is preferred to a representative shot cut inside.
int whole_shot_within(const AssetRecord& rec, int scene, double share) {
  if (rec.scenes.scenes.empty()) return -1;
  const Scene& sc = rec.scenes.scenes[std::size_t(scene)];
  int best = -1;
  double best_len = 0;
  for (int i = std::max(0, sc.first_shot); i <= sc.last_shot && std::size_t(i) < rec.shots.shots.size(); ++i) {
    const Shot& s = rec.shots.shots[std::size_t(i)];
    const double len = s.end_s - s.start_s;
    if (len >= 0.5 && len <= share + 1e-9 && len > best_len) best = i, best_len = len;
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
    const double share = left / double(cands.size() - k);
    int shot = cands[k].shot;
    const Shot* s = &rec.shots.shots[std::size_t(shot)];
    if (s->end_s - s->start_s > share) {  // too long: a whole shorter shot of the scene if one fits
      if (const int w = whole_shot_within(rec, cands[k].scene, share); w >= 0) shot = w, s = &rec.shots.shots[std::size_t(w)];
    }
    const double len = std::min(s->end_s - s->start_s, share);
    if (len <= 0) continue;
    // A shot cut to its share keeps its first frame, except in the last clip, which keeps
    // its shot's last frame so that the preview also ends on a shot boundary.
    const bool last = k + 1 == cands.size() && k > 0;
    const double a = last ? s->end_s - len : s->start_s;
    clips.push_back({a, a + len, cands[k].scene, shot, shot});
    left -= len;
  }
  if (!rec.scenes.scenes.empty()) fill_with_next_shots(rec, clips, left);
  return clips;
}

}  // namespace reelscale::outputs
