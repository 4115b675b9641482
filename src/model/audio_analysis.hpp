#pragma once
/// @file audio_analysis.hpp
/// Audio measures and ad-break results of one asset.

#include <cstdint>
#include <string>
#include <vector>

namespace reelscale {

/// Programme loudness per ITU-R BS.1770-4 / EBU R128 (libebur128).
struct Loudness {
  double integrated_lufs = -70;  ///< integrated loudness, LUFS (-inf clamps to -70)
  double lra_lu = 0;             ///< loudness range, LU (EBU Tech 3342)
  double true_peak_dbtp = -70;   ///< maximum true peak over channels, dBTP
};

/// A silent interval, seconds from the start of the stream.
struct Silence {
  double start_s = 0, end_s = 0;
};

/// Audio analysis of the programme's main audio stream.
struct AudioAnalysis {
  int stream = -1;                    ///< analysed audio stream index, -1 when none
  Loudness loudness;
  double series_rate_hz = 10;         ///< rate of the loudness series
  std::vector<float> momentary_lufs;  ///< 400 ms momentary loudness, one value per 1/series_rate_hz s
  std::vector<float> short_term_lufs; ///< 3 s short-term loudness, same rate
  std::vector<Silence> silences;
};

/// A proposed ad-break insertion point.
struct InsertionPoint {
  std::int64_t frame = 0;             ///< 0-based decoded frame index: the first frame after the break
  double time_s = 0;
  double score = 0;                   ///< larger is better
  std::vector<std::string> reasons;   ///< e.g. "black", "silence", "scene_boundary", "loudness_change"
};

/// A commercial break found in a broadcast recording: inclusive frame range
/// from the first slate to the last.
struct CommercialBreak {
  std::int64_t start_frame = 0, end_frame = 0;
  std::vector<std::int64_t> slate_frames;  ///< first frame of each black+silent slate inside
};

/// Ad-break results of one asset.
struct AdBreaks {
  std::vector<InsertionPoint> insertion_points;
  std::vector<CommercialBreak> commercial_breaks;
};

}  // namespace reelscale
