#pragma once
/// @file timeline.hpp
/// The asset timeline: frame rate fallback, presentation times and frame <-> second
/// conversion, in one place (every stage uses these).

#include <cmath>
#include <cstdint>

namespace reelscale::record::timeline {

/// Frame rate assumed when a stream states none (PAL/EBU broadcast rate), frames/s.
inline constexpr double kFallbackFps = 25.0;

/// `fps` when finite and positive, else kFallbackFps.
inline double effective_fps(double fps) { return std::isfinite(fps) && fps > 0 ? fps : kFallbackFps; }

/// Seconds of `frames` frames at `fps` (effective_fps).
inline double frames_to_seconds(double frames, double fps) { return frames / effective_fps(fps); }

/// Nearest frame index to time `s` (seconds) at `fps` (effective_fps).
inline std::int64_t seconds_to_frame(double s, double fps) { return std::llround(s * effective_fps(fps)); }

/// Presentation time in seconds of timestamp `ts` in time base num/den, relative to `start`
/// (the stream's start time in the same base).
/// Computed as FFmpeg's av_q2d(tb) * (ts - start), bit for bit.
inline double pts_seconds(std::int64_t ts, std::int64_t start, int tb_num, int tb_den) {
  return double(ts - start) * (tb_num / double(tb_den));
}

}  // namespace reelscale::record::timeline
