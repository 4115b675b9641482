#pragma once
/// @file loudness_normaliser.hpp
/// Second pass of two-pass loudness normalisation, as ffmpeg's `loudnorm` linear
/// mode: one constant gain = target - measured integrated loudness (EBU R128,
/// default -23 LUFS), followed by a look-ahead true-peak limiter that keeps the
/// output under the limit (default -1 dBTP). Only peaks that would pass the limit
/// are touched, so the integrated loudness stays at the target unless the
/// programme needs heavy limiting. 48 kHz stereo planar float.

#include <deque>
#include <vector>

#include "media/stereo_processor.hpp"

namespace reelscale::outputs {

/// Normalisation targets.
struct LoudnessTarget {
  double integrated_lufs = -23.0;  ///< EBU R128 (use -16 or -24 per job)
  double true_peak_dbtp = -1.0;    ///< ceiling of the result
  double limiter_margin_db = 1.0;  ///< limiter works this far below the ceiling (AAC and
                                   ///< interpolation overshoot)
  double max_gain_db = 30.0;       ///< no more boost than this (near-silent programmes)
};

/// Gain in dB for a measured programme: target - measured, capped at max_gain_db;
/// 0 when the programme is (near) silent (measured <= -70 LUFS).
double normalisation_gain_db(double measured_lufs, const LoudnessTarget& t);

/// Constant gain + linked stereo look-ahead limiter (5 ms look-ahead, 100 ms release).
/// Peak detector: the sample and three Catmull-Rom interpolated points between each
/// pair of samples (an approximation of BS.1770 4x oversampled true peak). The gain
/// envelope is the minimum of the needed gain over the look-ahead, released
/// exponentially, then box-averaged over the look-ahead, which never exceeds the
/// needed gain at any sample (so peaks stay under the ceiling) and has no steps.
class LoudnessNormaliser : public media::StereoProcessor {
 public:
  /// @param gain_db constant gain; @param ceiling_db limiter ceiling (dBFS of the peak detector)
  LoudnessNormaliser(double gain_db, double ceiling_db, int sample_rate = 48000);
  void process(const float* left, const float* right, int n, const media::StereoSink& out) override;
  void flush(const media::StereoSink& out) override;
  /// Samples in which the limiter reduced the gain (diagnostics).
  long long limited_samples() const { return limited_; }

 private:
  void push(float l, float r);
  float peak_at(long long k) const;  ///< detector value at absolute index k (needs k-1..k+2)
  float x_gain_;
  float ceiling_;
  int la_;           ///< look-ahead, samples
  float release_;    ///< per-sample release coefficient
  long long n_in_ = 0, n_out_ = 0, real_end_ = -1;
  long long xb_ = 0;                   ///< absolute index of xl_[0]
  std::deque<float> xl_, xr_;          ///< gained input not yet output
  std::deque<std::pair<long long, float>> minq_;  ///< monotonic queue of needed gain
  std::vector<float> box_;             ///< ring of released minima (length la_)
  double box_sum_ = 0;
  float m2_ = 1.0f;
  long long limited_ = 0;
  std::vector<float> out_l_, out_r_;
};

}  // namespace reelscale::outputs
