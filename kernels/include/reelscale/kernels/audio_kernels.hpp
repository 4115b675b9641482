#pragma once
/// @file audio_kernels.hpp
/// Pure sample maths of the audio path (standard library only).

#include <cstddef>
#include <vector>

namespace reelscale::kernels {

/// True-peak meter per ITU-R BS.1770-4 Annex 2: the signal is oversampled
/// (4x below 96 kHz, 2x below 192 kHz, 1x above) with the interpolator
/// libebur128 uses (49-tap Hann-windowed sinc, polyphase), and the peak is the
/// largest absolute value of the oversampled signal or of the input samples,
/// so values match libebur128's ebur128_true_peak.
///
/// Speed: a block's interpolated values cannot exceed (largest absolute sample
/// of the block and the filter history) x (largest sum of absolute coefficients
/// of a phase), so blocks that cannot raise the running peak are not
/// interpolated. The result is exact; typical programme audio reaches its peak
/// early and most blocks are skipped.
class TruePeak {
 public:
  /// @param channels interleaved channels (>= 1); @param sample_rate Hz (> 0)
  TruePeak(int channels, int sample_rate);
  /// Adds `frames` interleaved sample frames (full scale 1.0).
  void add(const float* interleaved, std::size_t frames);
  /// Linear true peak of channel `c` so far (>= its sample peak); 0 before any audio.
  double peak(int c) const { return peak_[std::size_t(c)]; }
  /// Oversampling factor in use (4, 2 or 1).
  int factor() const { return factor_; }

 private:
  int channels_, factor_;
  std::size_t delay_;                          ///< input samples each output depends on
  std::vector<std::vector<double>> coeff_;     ///< per phase
  std::vector<std::vector<std::size_t>> idx_;  ///< per phase: how many samples back
  double l1_max_ = 1;                          ///< largest sum of |coeff| over phases
  std::vector<std::vector<float>> ext_;        ///< per channel: history (delay-1) + current block
  std::vector<double> peak_;
};

}  // namespace reelscale::kernels
