#include "shots/shot_analyser.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "record/timeline.hpp"
#include "shots/boundaries.hpp"
#include "shots/cues.hpp"
#include "shots/frame_selection.hpp"
#include "shots/signals.hpp"

namespace reelscale::shots {

std::vector<Shot> shots_from_transitions(const std::vector<Transition>& transitions, std::size_t n,
                                         const FrameSeries& s, double fps) {
  std::vector<Shot> shots;
  if (n == 0) return shots;
  // A frame without a timestamp (Megamind.avi's last frame) is placed one frame period after
  // the nearest earlier frame that has one, so it stays on the asset's own timeline (which
  // need not start at 0); f / fps only when no earlier frame has a timestamp.
  auto pts = [&](std::int64_t f) {
    for (std::int64_t k = std::min<std::int64_t>(f, std::int64_t(s.pts_s.size()) - 1); k >= 0; --k)
      if (std::isfinite(s.pts_s[std::size_t(k)])) return s.pts_s[std::size_t(k)] + double(f - k) / fps;
    return double(f) / fps;
  };
  std::int64_t start = 0;
  auto push = [&](std::int64_t a, std::int64_t b) {
    if (b < a) return;
    Shot sh;
    sh.start_frame = a;
    sh.end_frame = b;
    sh.start_s = pts(a);
    sh.end_s = pts(b) + 1.0 / fps;
    shots.push_back(sh);
  };
  for (const auto& t : transitions) {
    // A cut starts the new shot at its frame; a gradual transition is split at
    // its middle frame, so the shots tile the whole asset.
    const std::int64_t next = t.type == "cut" ? t.start_frame : (t.start_frame + t.end_frame) / 2 + 1;
    if (next <= start || next >= std::int64_t(n)) continue;
    push(start, next - 1);
    start = next;
  }
  push(start, std::int64_t(n) - 1);
  return shots;
}

void ShotOptions::validate() const {
  CutOptions::validate();
  GradualOptions::validate();
  FadeOptions::validate();
  auto require = [](bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(std::string("ShotOptions::") + what);
  };
  require(min_shot_s >= 0 && min_shot_s <= 60, "min_shot_s must be in [0, 60] s");
  require(black_fraction > 0 && black_fraction <= 1, "black_fraction must be in (0, 1]");
  require(black_min_s >= 0, "black_min_s must be >= 0");
  require(bars_min_saturated_fraction >= 0 && bars_min_saturated_fraction <= 1,
          "bars_min_saturated_fraction must be in [0, 1]");
  require(bars_min_hues >= 0 && bars_min_hues <= 8, "bars_min_hues must be in [0, 8]");
  require(group_max_hamming >= 0 && group_max_hamming <= 64, "group_max_hamming must be in [0, 64]");
  require(select_min_group_s >= 0 && select_transition_margin_s >= 0, "selection durations must be >= 0");
}

ShotAnalysis analyse_shots(const FrameSeries& series, double fps, const ShotOptions& opts) {
  opts.validate();
  ShotAnalysis out;
  fps = record::timeline::effective_fps(fps);
  const std::size_t n = series.size();
  if (n == 0) return out;
  out.cues = detect_cues(series, fps, opts);
  out.transitions = detect_transitions(series, fps, opts);
  out.shots = shots_from_transitions(out.transitions, n, series, fps);
  out.selected_frames = select_frames(series, fps, out.shots, out.transitions, out.cues, opts);
  return out;
}

}  // namespace reelscale::shots
