#pragma once
/// @file boundaries.hpp
/// Shot boundaries: the three detectors (cut_detector.hpp, fade_detector.hpp,
/// gradual_detector.hpp), their merge into one transition list, and the shots that
/// tile the asset.

#include <vector>

#include "shots/cut_detector.hpp"
#include "shots/fade_detector.hpp"
#include "shots/gradual_detector.hpp"
#include "shots/shot_analyser.hpp"

namespace reelscale::shots {

/// All detectors, merged: fades win over dissolves and cuts they overlap,
/// dissolves over cuts; then boundaries closer than min_shot_s are merged.
std::vector<Transition> detect_transitions(const FrameSeries& s, double fps, const ShotOptions& o);

/// Shots tiling [0, n) from sorted transitions (gradual ones split at their middle).
std::vector<Shot> shots_from_transitions(const std::vector<Transition>& transitions, std::size_t n,
                                         const FrameSeries& s, double fps);

}  // namespace reelscale::shots
