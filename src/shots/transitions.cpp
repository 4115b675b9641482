#include "shots/boundaries.hpp"

#include <algorithm>

#include "shots/signals.hpp"

namespace reelscale::shots {

std::vector<Transition> detect_transitions(const FrameSeries& s, double fps, const ShotOptions& o) {
  auto cuts = detect_cuts(s, fps, o);
  auto fades = detect_fades(s, fps, o, o.black_fraction, o.grad_max_s);
  auto dissolves = detect_dissolves(s, fps, o, cuts);
  const int margin = 1;
  auto overlaps = [&](const Transition& a, const Transition& b) {
    return a.start_frame <= b.end_frame + margin && b.start_frame <= a.end_frame + margin;
  };
  std::vector<Transition> all = fades;
  for (const auto& d : dissolves) {
    bool hit = false;
    for (auto& f : fades)
      if (overlaps(f, d)) hit = true;
    if (!hit) all.push_back(d);
  }
  const std::size_t gradual_count = all.size();
  for (const auto& c : cuts) {
    bool hit = false;
    for (std::size_t k = 0; k < gradual_count; ++k)
      if (overlaps(all[k], c)) hit = true;
    if (!hit) all.push_back(c);
  }
  std::sort(all.begin(), all.end(),
            [](const Transition& a, const Transition& b) { return a.start_frame < b.start_frame; });
  // Minimum shot length: a boundary that starts less than min_shot frames after
  // the previous one ends is merged into it (the stronger one's kind is kept).
  const int min_shot = to_frames(o.min_shot_s, fps, 1);
  std::vector<Transition> merged;
  for (const auto& t : all) {
    if (!merged.empty() && t.start_frame - merged.back().end_frame < min_shot) {
      auto& p = merged.back();
      const bool p_grad = p.type != "cut", t_grad = t.type != "cut";
      if (p_grad || t_grad) {
        // keep the gradual one (span covers both)
        Transition g = p_grad ? p : t;
        g.start_frame = std::min(p.start_frame, t.start_frame);
        g.end_frame = std::max(p.end_frame, t.end_frame);
        g.score = std::max(p.score, t.score);
        p = g;
      } else if (t.score > p.score) {
        p = t;
      }
      continue;
    }
    merged.push_back(t);
  }
  return merged;
}

}  // namespace reelscale::shots
