#pragma once
/// @file black_frame.hpp
/// The one definition of a black frame, used by shots (black cues, frame selection),
/// scenes (black gaps) and ad breaks (black runs).

#include <cstddef>

#include "record/frame_series.hpp"

namespace reelscale::record {

/// A frame is black when at least this fraction of its pixels is below kernels' black
/// luma level (0.15 * 255): Media2Cloud's black-frame detection (98 % below 0.15), also
/// FFmpeg blackdetect's default picture_black_ratio_th.
inline constexpr double kBlackFraction = 0.98;

/// Is frame `i` of `s` black at black-pixel fraction `fraction` (default kBlackFraction)?
inline bool is_black_frame(const FrameSeries& s, std::size_t i, double fraction = kBlackFraction) {
  return i < s.black_fraction.size() && double(s.black_fraction[i]) >= fraction;
}

}  // namespace reelscale::record
