#pragma once
/// @file audio_analysis.hpp
/// Audio measures and ad-break results of one asset. Plain data only.
///
/// Times are seconds on the asset's timeline: 0 is the first video frame's
/// presentation time (FrameSeries::pts_s), or the audio stream's start when
/// the asset has no video. Frames are 0-based decoded video frame indices.

#include <cstdint>
#include <string>
#include <vector>

namespace reelscale {

/// Programme loudness per ITU-R BS.1770-4 / EBU R128 (libebur128).
struct Loudness {
  double integrated_lufs = -70;   ///< integrated (gated) loudness, LUFS; -inf (all gated) clamps to -70
  double lra_lu = 0;              ///< loudness range, LU (EBU Tech 3342)
  double true_peak_dbtp = -70;    ///< maximum true peak over channels, dBTP (4x oversampled at 48 kHz); floor -70
  double sample_peak_dbfs = -70;  ///< maximum sample peak over channels, dBFS; floor -70
};

/// A silent interval, seconds on the asset's timeline, end exclusive.
struct Silence {
  double start_s = 0, end_s = 0;
};

/// Floor of the loudness series: digital silence (-inf LUFS) is stored as this.
inline constexpr float kLoudnessFloorLufs = -120.0f;

/// Audio analysis of the programme's main audio stream.
struct AudioAnalysis {
  int stream = -1;                 ///< analysed audio stream index, -1 when none
  int channels = 0;                ///< channels measured (the decoded layout's)
  int sample_rate = 48000;         ///< Hz after resampling (libswresample)
  std::int64_t samples = 0;        ///< sample frames measured (per channel)
  double start_s = 0;              ///< time of the first measured sample on the asset's timeline, s
  std::int64_t decode_errors = 0;  ///< packets/frames the audio decoder rejected
  std::string warning;             ///< first problem met (bad audio never fails the asset); empty if none
  Loudness loudness;
  double series_rate_hz = 10;  ///< rate of the loudness series, Hz
  /// Momentary loudness (400 ms window, BS.1770 K-weighting, ungated), LUFS.
  /// Value i is the window ending at start_s + (i + 1) / series_rate_hz; floor kLoudnessFloorLufs.
  std::vector<float> momentary_lufs;
  /// Short-term loudness (3 s window), LUFS, same timing as momentary_lufs.
  std::vector<float> short_term_lufs;
  double silence_threshold_lufs = -50;  ///< momentary loudness below this is silent, LUFS
  std::vector<Silence> silences;        ///< silent intervals lasting at least the configured minimum
  /// Short-time spectrum (in memory only, not in the catalog): row i is the log
  /// energy in `bands` mel bands (kernels::band_log_energies, dB re a full-scale
  /// sine, floor -120) of the mono downmix over [start_s + i * band_hop_s,
  /// start_s + (i + 1) * band_hop_s); row-major, band_db.size() = rows * bands.
  double band_hop_s = 0.25;
  int bands = 0;  ///< 0 when not computed
  std::vector<float> band_db;
};

/// A proposed ad-break insertion point.
struct InsertionPoint {
  std::int64_t frame = 0;            ///< 0-based decoded frame index: the first frame after the break
  double time_s = 0;                 ///< presentation time of `frame`, seconds
  double score = 0;                  ///< 0..1, larger is better (weighted sum of the reasons' strengths)
  double mark_s = 0;                 ///< the break mark (seconds) this point was chosen for
  std::vector<std::string> reasons;  ///< "scene_boundary", "shot_boundary", "black", "fade",
                                     ///< "silence", "visual_change", "loudness_change", "commercial_break"
};

/// A commercial break found in a broadcast recording: inclusive frame range
/// from the first frame of the first slate to the last frame of the last slate.
struct CommercialBreak {
  std::int64_t start_frame = 0, end_frame = 0;
  double start_s = 0, end_s = 0;           ///< PTS of start_frame; PTS of end_frame + 1/fps
  std::vector<std::int64_t> slate_frames;  ///< first frame of each black+silent slate inside
};

/// Ad-break results of one asset.
struct AdBreaks {
  double break_interval_s = 0;                     ///< interval between break marks used, seconds (0: no video)
  double break_offset_s = 0;                       ///< tolerance around each mark, seconds
  std::vector<InsertionPoint> insertion_points;    ///< in time order
  std::vector<CommercialBreak> commercial_breaks;  ///< in time order
};

}  // namespace reelscale
