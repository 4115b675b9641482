#include "shots/frame_selection.hpp"

#include <algorithm>
#include <cmath>

#include "record/timeline.hpp"
#include "shots/cues.hpp"

namespace reelscale::shots {
namespace {

/// banned[f]: black or colour-bar frames (never selected); in_transition[f]: inside a
/// gradual transition or within select_transition_margin_s of one.
void frame_masks(const FrameSeries& s, double fps, const std::vector<Transition>& transitions,
                 const std::vector<Cue>& cues, const ShotOptions& o, std::vector<char>& banned,
                 std::vector<char>& in_transition) {
  const std::size_t n = s.size();
  banned.assign(n, 0);
  in_transition.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i)
    if (is_black_frame(s, i, o)) banned[i] = 1;
  for (const auto& c : cues)
    if (c.type == "colour_bars" || c.type == "black")
      for (auto f = c.start_frame; f <= c.end_frame && std::size_t(f) < n; ++f) banned[std::size_t(f)] = 1;
  const std::int64_t margin = std::int64_t(std::lround(std::max(0.0, o.select_transition_margin_s) * fps));
  for (const auto& t : transitions)
    if (t.type != "cut")
      for (auto f = std::max<std::int64_t>(0, t.start_frame - margin); f <= t.end_frame + margin && std::size_t(f) < n;
           ++f)
        in_transition[std::size_t(f)] = 1;
}

}  // namespace

std::vector<SelectedFrame> select_frames(const FrameSeries& s, double fps, const std::vector<Shot>& shots,
                                         const std::vector<Transition>& transitions, const std::vector<Cue>& cues,
                                         const ShotOptions& o) {
  std::vector<SelectedFrame> out;
  const std::size_t n = s.size();
  if (n == 0) return out;
  fps = record::timeline::effective_fps(fps);
  std::vector<char> banned, in_transition;
  frame_masks(s, fps, transitions, cues, o, banned, in_transition);
  const bool have_hash = s.phash.size() >= n;
  const double min_group = std::max(0.0, o.select_min_group_s * fps);  // frames
  const bool have_lap = s.laplacian_var.size() >= n;
  auto pts = [&](std::size_t f) {
    return f < s.pts_s.size() && std::isfinite(s.pts_s[f]) ? s.pts_s[f] : double(f) / fps;
  };
  for (std::size_t si = 0; si < shots.size(); ++si) {
    const auto& sh = shots[si];
    const std::size_t a = std::size_t(std::max<std::int64_t>(0, sh.start_frame));
    const std::size_t z = std::min(n - 1, std::size_t(std::max<std::int64_t>(0, sh.end_frame)));
    if (z < a) continue;
    auto eligible = [&](std::size_t f, bool allow_transition) {
      return !banned[f] && (allow_transition || !o.select_skip_transitions || !in_transition[f]);
    };
    bool any_clean = false;
    for (std::size_t f = a; f <= z && !any_clean; ++f) any_clean = eligible(f, false);
    const bool allow_tr = !any_clean;
    int group = -1;
    std::uint64_t first_hash = 0;
    std::size_t group_start = a;
    std::size_t best = 0;
    float best_lap = -1;
    auto flush = [&]() {
      if (group < 0 || best_lap < 0) return;
      SelectedFrame sf;
      sf.frame = std::int64_t(best);
      sf.pts_s = pts(best);
      sf.shot = int(si);
      sf.group = group;
      sf.laplacian_var = have_lap ? s.laplacian_var[best] : 0.f;
      sf.phash = have_hash ? s.phash[best] : 0;
      // A group whose pick is within the pHash threshold of the shot's previous
      // pick adds nothing new (the drift that closed the earlier group came
      // back): the two groups are one and the sharper frame stands for both.
      if (o.select_merge_similar && have_hash && !out.empty() && out.back().shot == int(si) &&
          kernels::hamming_distance(out.back().phash, sf.phash) <= o.group_max_hamming) {
        if (sf.laplacian_var > out.back().laplacian_var) {
          sf.group = out.back().group;
          out.back() = sf;
        }
        --group;
        return;
      }
      out.push_back(sf);
    };
    for (std::size_t f = a; f <= z; ++f) {
      if (!eligible(f, allow_tr)) continue;
      const std::uint64_t h = have_hash ? s.phash[f] : 0;
      const bool young = group >= 0 && double(f - group_start) < min_group;
      if (group < 0 || (!young && kernels::hamming_distance(h, first_hash) > o.group_max_hamming)) {
        flush();
        ++group;
        first_hash = h;
        group_start = f;
        best_lap = -1;
      }
      const float lap = have_lap ? s.laplacian_var[f] : 0.f;
      if (lap > best_lap) {
        best_lap = lap;
        best = f;
      }
    }
    flush();  // a shot with an eligible frame always has a group, hence a frame
  }
  return out;
}

}  // namespace reelscale::shots
