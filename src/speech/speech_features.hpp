#pragma once
/// @file speech_features.hpp
/// Speech/music discrimination features of mono 16 kHz audio, computed every 0.1 s over
/// a 1 s window, after Scheirer & Slaney, "Construction and evaluation of a robust
/// multifeature speech/music discriminator", ICASSP 1997 (4 Hz modulation energy,
/// percentage of low-energy frames, spectral-flux variance) and Saunders, "Real-time
/// discrimination of broadcast speech/music", ICASSP 1996 (zero-crossing-rate variance).

#include <array>
#include <cstddef>
#include <deque>
#include <span>
#include <vector>

namespace reelscale::speech {

/// Analysis frame: 20 ms (320 samples at 16 kHz), non-overlapping, Hann window, 512-point FFT.
inline constexpr int kFrameSamples = 320;
/// Output step: 0.1 s = 5 analysis frames (the 10 Hz label rate).
inline constexpr int kFramesPerStep = 5;
/// Feature window: 1 s = 50 analysis frames, centred on the step.
inline constexpr int kWindowFrames = 50;

/// Number of window features.
inline constexpr std::size_t kFeatureCount = 5;

/// One 0.1 s step's features (over the 1 s window centred on it).
struct StepFeatures {
  double t_s = 0;          ///< start of the 0.1 s step, seconds
  double rms_db = -120;    ///< RMS level of the step itself, dBFS (silence floor decision)
  /// [0] 4 Hz modulation: share of the log-energy envelope's power in 3-6 Hz (of 1-12 Hz);
  /// [1] low-energy ratio: share of frames with energy < 0.5 x window mean energy;
  /// [2] standard deviation of the per-frame zero-crossing rate (crossings per sample);
  /// [3] standard deviation of the spectral flux (L2 between unit-norm magnitude spectra);
  /// [4] mean spectral flux.
  std::array<double, kFeatureCount> f{};
};

/// Streams samples in and emits StepFeatures as soon as their window is complete (lag
/// 0.5 s); `flush()` emits the rest (windows clipped at the end). Steps are numbered from
/// the first sample given: step i covers [i * 0.1 s, (i + 1) * 0.1 s) from `t0`.
class FeatureStream {
 public:
  /// `t0_s`: time of the first sample (seconds).
  explicit FeatureStream(double t0_s = 0) : t0_s_(t0_s) {}
  /// Appends samples (mono, 16 kHz, full scale 1.0); returns the steps completed.
  std::vector<StepFeatures> push(std::span<const float> x);
  /// Emits the remaining steps (the last partial frame is dropped).
  std::vector<StepFeatures> flush();

 private:
  struct Frame {
    double energy = 0, zcr = 0, flux = 0;
  };
  void add_frame(const float* x);
  StepFeatures step(std::size_t step_index) const;
  void emit_ready(std::vector<StepFeatures>& out, bool final);

  double t0_s_;
  std::vector<float> pending_;             ///< samples of the incomplete frame
  std::vector<Frame> frames_;              ///< frames [frame_base_, ...)
  std::size_t frame_base_ = 0;             ///< index of frames_[0]
  std::vector<double> prev_mag_;           ///< previous frame's unit-norm magnitude spectrum
  std::size_t next_step_ = 0;              ///< next step to emit
};

}  // namespace reelscale::speech
