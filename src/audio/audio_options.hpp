#pragma once
/// @file audio_options.hpp
/// Settings of the audio analysis (no FFmpeg types, so the pipeline's options
/// header stays free of FFmpeg).

namespace reelscale::audio {

/// Options of the audio analysis.
struct AudioOptions {
  int sample_rate = 48000;              ///< Hz the audio is resampled to before measuring
  double series_rate_hz = 10;           ///< rate of the momentary/short-term series, Hz (issue 6: 10 Hz)
  double silence_threshold_lufs = -50;  ///< momentary loudness below this is silence, LUFS
  double silence_min_s = 0.3;           ///< shortest silence reported, seconds
  bool true_peak = true;                ///< measure true peak (BS.1770-4 Annex 2, 4x oversampling)
  /// A jump of the audio timestamps ahead of the samples decoded so far larger
  /// than this (seconds) is filled with silence, so that the series stay aligned
  /// with the video after lost packets.
  double gap_fill_s = 0.2;
  double max_gap_fill_s = 10;  ///< larger jumps are not filled (broken timestamps), seconds
  /// Short-time spectrum (kernels::band_log_energies of the mono downmix) every
  /// this many seconds, kept in AudioAnalysis::band_db for the scene stage's
  /// audio-continuity link (docs/scenes.md). 0 disables it.
  double band_hop_s = 0.25;
  int bands = 24;  ///< mel bands of that spectrum (50 Hz - 16 kHz, FFT 2048 at 48 kHz)
};

}  // namespace reelscale::audio
