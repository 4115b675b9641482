#include "detect/shot_analyser.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <numeric>

#include "detect/boundaries.hpp"
#include "detect/cues.hpp"
#include "detect/frame_selection.hpp"
#include "detect/signals.hpp"

namespace reelscale::detect {

std::vector<Shot> shots_from_transitions(const std::vector<Transition>& transitions, std::size_t n,
                                         const FrameSeries& s, double fps) {
  std::vector<Shot> shots;
  if (n == 0) return shots;
  auto pts = [&](std::int64_t f) {
    if (std::size_t(f) < s.pts_s.size() && std::isfinite(s.pts_s[std::size_t(f)])) return s.pts_s[std::size_t(f)];
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

ShotAnalysis analyse_shots(const FrameSeries& series, double fps, const ShotOptions& opts) {
  ShotAnalysis out;
  if (!(fps > 0) || !std::isfinite(fps)) fps = 25.0;
  const std::size_t n = series.size();
  if (n == 0) return out;
  out.cues = detect_cues(series, fps, opts);
  out.transitions = detect_transitions(series, fps, opts);
  out.shots = shots_from_transitions(out.transitions, n, series, fps);
  out.selected_frames = select_frames(series, fps, out.shots, out.transitions, out.cues, opts);
  return out;
}

}  // namespace reelscale::detect
