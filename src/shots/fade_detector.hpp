#pragma once
/// @file fade_detector.hpp
/// Fades through black or white, and one-sided fades, from the mean-luma curve: a
/// monotonic luma ramp into or out of a near-black (or near-white) run of frames
/// (the classic fade model of Lienhart 1999; docs/shots.md).

#include <vector>

#include "record/frame_series.hpp"
#include "record/shot_analysis.hpp"

namespace reelscale::shots {

/// Thresholds of the fade detector.
struct FadeOptions {
  /// A fade is a monotonic luma ramp of at least this length (seconds) ending in
  /// (fade_out) or starting from (fade_in) a near-black frame.
  double fade_min_s = 0.12;
  /// Near-black for fades: mean luma at most this (0..255); 0.15*255/2.
  double fade_black_luma = 20.0;
  /// Luma must fall/rise by at least this fraction of the far end's level.
  double fade_min_drop = 0.5;
  /// Two fades (out then in) separated by a black hold no longer than this
  /// (seconds) are one "fade" transition through black.
  double fade_max_hold_s = 1.0;

  /// @throws std::invalid_argument naming the option when a value is out of range.
  void validate() const;
};

/// Fades of `s` (frame rate `fps`, > 0) as Transitions of type "fade" (inclusive
/// frame spans, sorted by start). A frame is dark at mean luma <= fade_black_luma or
/// at `black_fraction` black pixels (record/black_frame.hpp); a ramp is at most
/// `max_ramp_s` long (the longest gradual transition). @throws std::invalid_argument.
std::vector<Transition> detect_fades(const FrameSeries& s, double fps, const FadeOptions& o, double black_fraction,
                                     double max_ramp_s);

}  // namespace reelscale::shots
