#pragma once
/// @file cues.hpp
/// Technical cues: black segments, fade-out/fade-in, colour bars (internal).

#include <vector>

#include "shots/shot_analyser.hpp"

namespace reelscale::shots {

/// Is frame i black (black_fraction >= o.black_fraction)?
bool is_black_frame(const FrameSeries& s, std::size_t i, const ShotOptions& o);

/// Does frame i look like SMPTE/EBU colour bars (saturated, many hues, vertical stripes)?
bool is_colour_bars_frame(const FrameSeries& s, std::size_t i, const ShotOptions& o);

/// Black, fade_out, fade_in and colour_bars cues, sorted by start frame.
std::vector<Cue> detect_cues(const FrameSeries& s, double fps, const ShotOptions& o);

}  // namespace reelscale::shots
