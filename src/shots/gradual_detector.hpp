#pragma once
/// @file gradual_detector.hpp
/// Gradual transitions (dissolves and wipes): peaks of the non-adjacent distance
/// d(i - g, i + g) at several gaps, spans by twin comparison (Zhang, Kankanhalli &
/// Smoliar 1993) or by the half-maximum of d at coarse gaps, ends placed at the knee
/// of d(A, t), validated by a blend (betweenness) test; wipe vs dissolve from the
/// per-pixel blend factor. docs/shots.md has the method and the measured figures.

#include <vector>

#include "record/frame_series.hpp"
#include "record/shot_analysis.hpp"

namespace reelscale::shots {

/// Thresholds of the gradual-transition detector.
struct GradualOptions {
  /// Frame gap of the non-adjacent comparison d(i - g, i + g) (seconds).
  /// 0.2 s (5 frames at 25 fps): shorter than the shortest dissolve we look for.
  double grad_gap_s = 0.2;
  /// Number of gap scales: grad_gap_s, 2x, 4x, ... (each at most half of
  /// grad_max_s). A transition of L frames shows about 2g/L of its change at gap g,
  /// so 0.2 s alone misses dissolves longer than ~1.2 s; 3 scales reach 0.8 s gaps.
  int grad_scales = 3;
  /// grad_ratio for the coarser scales: over 0.4-0.8 s a moving shot already
  /// changes much, so the candidate test is looser and the span tests
  /// (grad_shot_ratio, betweenness) decide.
  double grad_ratio_coarse = 2.0;
  /// Window (seconds, each side) of the median that normalises the gradual signal
  /// (at least 5 gaps at the coarser scales).
  double grad_window_s = 2.0;
  /// A gradual candidate's non-adjacent distance must reach this multiple of its
  /// local median (twin comparison's high threshold T_b, made relative).
  double grad_ratio = 3.0;
  /// Absolute floor on the distance between the frames either side of a gradual
  /// transition and on the non-adjacent peak (Zhang et al. 1993 compare the
  /// accumulated difference with T_b; dev corpus: transitions >= 0.37).
  double grad_min_distance = 0.25;
  /// Frames inside a candidate must change at least this multiple of the median
  /// adjacent distance of the shot on that side (twin comparison's low threshold
  /// T_s, made relative; Zhang et al. suggest T_s a little above the mean).
  double grad_low_ratio = 1.5;
  /// The change across a gradual transition must be this many times the change
  /// inside the neighbouring shots over the same duration (motion is not a transition).
  double grad_shot_ratio = 2.0;
  /// Betweenness: mean of (d(A,t) + d(t,B)) / d(A,B) over the transition's frames
  /// t, on raw thumbnails averaged to 8x8, A and B the frames either side. A dissolve, a fade or a
  /// wipe puts each pixel between A and B (ratio 1); motion does not.
  double grad_max_betweenness = 1.3;
  /// Wipe vs dissolve: over the middle half of the span, the fraction of thumbnail
  /// pixels (those that differ between A and B) whose blend factor
  /// alpha = (t - A) / (B - A) lies in 0.2..0.8. A dissolve puts all pixels there
  /// (alpha follows the progress), a wipe only the pixels along its edge.
  double wipe_max_mid_fraction = 0.35;
  /// Span ends whose adjacent distance is below this fraction of the span's
  /// upper-quartile adjacent distance are trimmed (the transition's pace vs the shot's drift).
  double grad_trim_ratio = 0.35;
  /// End a twin-comparison span where the blend ends, not where the frames stop
  /// changing: the distance d(A, t) from the frame before the span rises through a
  /// dissolve or wipe and then stays level while the new shot moves (and d(t, B)
  /// mirrored for the start). A ramp-then-plateau least-squares fit places both
  /// ends; no threshold. Off = the span ends where adjacent distances fall to the
  /// neighbouring shot's level, which runs on into a shot with strong motion.
  bool grad_knee_ends = true;
  /// Shortest and longest gradual transition reported (seconds). 0.2 s keeps
  /// 5-frame dissolves apart from cuts; 4 s covers slow film dissolves and fades.
  double grad_min_s = 0.2;
  double grad_max_s = 4.0;

  /// @throws std::invalid_argument naming the option when a value is out of range.
  void validate() const;
};

/// Dissolves and wipes of `s` (frame rate `fps`, > 0) as Transitions of type
/// "dissolve" or "wipe" (inclusive frame spans, sorted by start); `cuts` (from
/// detect_cuts) suppress the coarse-gap echoes of cuts. @throws std::invalid_argument.
std::vector<Transition> detect_dissolves(const FrameSeries& s, double fps, const GradualOptions& o,
                                         const std::vector<Transition>& cuts);

}  // namespace reelscale::shots
