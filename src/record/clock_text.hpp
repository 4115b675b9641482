#pragma once
/// @file clock_text.hpp
/// The one formatter of media times as text clocks (WebVTT cues, PySceneDetect CSV,
/// search hits, the report's timeline labels).

#include <string>

namespace reelscale::record {

/// Seconds as "hh:mm:ss.mmm", rounded to the nearest millisecond; negative times give
/// "00:00:00.000". The WebVTT timestamp form (W3C WebVTT, 4.2) and PySceneDetect's
/// timecode columns; hours keep counting past 99.
std::string clock_ms(double seconds);

}  // namespace reelscale::record
