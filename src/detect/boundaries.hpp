#pragma once
/// @file boundaries.hpp
/// Shot boundary detectors (internal to detect/; exposed for tests).

#include <vector>

#include "detect/shot_analyser.hpp"

namespace reelscale::detect {

/// Hard cuts: adaptive threshold over a sliding window, isolation and flash tests.
std::vector<Transition> detect_cuts(const FrameSeries& s, double fps, const ShotOptions& o);

/// Fades through black or white (and one-sided fades) from the mean-luma curve.
std::vector<Transition> detect_fades(const FrameSeries& s, double fps, const ShotOptions& o);

/// Dissolves and wipes: non-adjacent distance peaks, twin-comparison span,
/// validated by a blend (betweenness) test; `cuts` suppress their own echoes.
std::vector<Transition> detect_dissolves(const FrameSeries& s, double fps, const ShotOptions& o,
                                         const std::vector<Transition>& cuts);

/// All detectors, merged: fades win over dissolves and cuts they overlap,
/// dissolves over cuts; then boundaries closer than min_shot_s are merged.
std::vector<Transition> detect_transitions(const FrameSeries& s, double fps, const ShotOptions& o);

/// Shots tiling [0, n) from sorted transitions (gradual ones split at their middle).
std::vector<Shot> shots_from_transitions(const std::vector<Transition>& transitions, std::size_t n,
                                         const FrameSeries& s, double fps);

}  // namespace reelscale::detect
