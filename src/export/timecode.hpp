#pragma once
/// @file timecode.hpp
/// Frame rates as exact rationals and SMPTE ST 12-1 timecode (drop-frame for
/// 29.97/59.94 fps) for the exports.

#include <cstdint>
#include <string>

#include "record/clock_text.hpp"

namespace reelscale::exports {

/// A frame rate num/den frames per second (e.g. 30000/1001).
struct Rate {
  std::int64_t num = 25;
  std::int64_t den = 1;
  /// Frames per second as a double.
  double fps() const { return double(num) / double(den); }
  /// Nominal integer rate used for timecode counting (30 for 29.97).
  int nominal() const;
  /// Frame numbers dropped per minute in drop-frame timecode: 2 for 30000/1001,
  /// 4 for 60000/1001, else 0 (non-drop).
  int drop() const;
  /// Seconds at the start of frame `f` (f / fps).
  double seconds(std::int64_t f) const { return double(f) * double(den) / double(num); }
};

/// Parses "30000/1001" or "25" (libavformat's avg_frame_rate text). Returns a
/// rate with num <= 0 when the text is empty, "0/0" or malformed.
Rate parse_rate(const std::string& text);

/// The exact rational nearest to `fps`: the NTSC rates (24000/1001, 30000/1001,
/// 60000/1001) within 1e-3, else fps rounded to 1/1000.
Rate rate_from_fps(double fps);

/// Frame count `f` (>= 0) as SMPTE timecode "hh:mm:ss:ff", or "hh:mm:ss;ff" for
/// drop-frame rates (SMPTE ST 12-1 drop-frame counting: frame numbers 0 and 1
/// (0-3 at 59.94) are skipped at the start of each minute not divisible by 10).
/// Hours wrap at 24.
std::string frames_to_timecode(std::int64_t f, const Rate& r);

/// Inverse of frames_to_timecode; accepts ':' ';' '.' or ',' separators.
/// @throws std::invalid_argument when `tc` is not hh:mm:ss:ff.
std::int64_t timecode_to_frames(const std::string& tc, const Rate& r);

/// Seconds as "hh:mm:ss.mmm" (PySceneDetect and WebVTT timestamps): record::clock_ms.
using record::clock_ms;

}  // namespace reelscale::exports
