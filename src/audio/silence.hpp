#pragma once
/// @file silence.hpp
/// Silence detection on a momentary-loudness series (pure function).

#include <span>
#include <vector>

#include "record/audio_analysis.hpp"

namespace reelscale::audio {

/// Silent intervals of a momentary-loudness series.
///
/// Value i of `momentary_lufs` is the loudness (LUFS) of the `window_s` window
/// ending at `start_s + (i + 1) / rate_hz`. A run of values below
/// `threshold_lufs` means the audio is silent from the start of the run's first
/// window to the end of its last one; the interval is kept when it lasts at least
/// `min_s` seconds. Intervals are clamped to start no earlier than `start_s`.
/// Defaults of the callers: -50 LUFS, 0.3 s, 0.4 s window (EBU R128 momentary).
/// @return intervals in time order (seconds on the same timeline as start_s).
std::vector<Silence> find_silences(std::span<const float> momentary_lufs, double rate_hz, double start_s,
                                   double threshold_lufs, double min_s, double window_s = 0.4);

}  // namespace reelscale::audio
