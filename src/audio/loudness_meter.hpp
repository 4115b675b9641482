#pragma once
/// @file loudness_meter.hpp
/// RAII wrapper over libebur128: programme loudness per ITU-R BS.1770-4 /
/// EBU R128 (integrated loudness, EBU Tech 3342 loudness range, true peak)
/// plus momentary and short-term series sampled at a fixed rate.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <ebur128.h>

#include "record/audio_analysis.hpp"
#include "reelscale/kernels/audio_kernels.hpp"

namespace reelscale::audio {

/// Deleter for libebur128 state (ebur128_destroy).
struct Ebur128Deleter {
  void operator()(ebur128_state* st) const;
};
/// Owning handle of one libebur128 state.
using Ebur128Ptr = std::unique_ptr<ebur128_state, Ebur128Deleter>;

/// Which channel of the BS.1770 weighting an input channel is (values of
/// libebur128's `enum channel`: 0 unused/LFE, 1 left, 2 right, 3 centre,
/// 4 left surround, 5 right surround). Surrounds get +1.5 dB, LFE is ignored.
enum class ChannelRole : int { unused = 0, left = 1, right = 2, centre = 3, left_surround = 4, right_surround = 5 };

/// Streaming loudness meter for interleaved float samples (full scale = 1.0).
///
/// Momentary (400 ms) and short-term (3 s) loudness are taken every
/// `1/series_rate_hz` seconds of fed audio (every 4800 sample frames at 48 kHz
/// and 10 Hz): value i describes the window ending after (i + 1) hops. Windows
/// that reach before the first sample count the missing audio as silence, as
/// libebur128 and ffmpeg's ebur128 filter do.
///
/// Cost: libebur128's momentary/short-term queries re-sum their whole window
/// (3 s of samples for short-term) on every call. The meter instead asks
/// libebur128 for the K-weighted energy of each hop (ebur128_loudness_window)
/// and averages the last 400 ms / 3 s of hop energies itself: the same values
/// (exact when the hop divides 400 ms, as at 10 Hz) for ~1/30 of the work.
class LoudnessMeter {
 public:
  /// @param channels       channels per sample frame (>= 1)
  /// @param sample_rate    Hz (libebur128 supports any rate; reelscale feeds 48000)
  /// @param roles          BS.1770 role per channel; empty = libebur128's default
  ///                       order (L, R, C, LFE, Ls, Rs)
  /// @param series_rate_hz rate of the momentary/short-term series, Hz
  /// @param true_peak      measure true peak (4x oversampling at 48 kHz; costs CPU)
  /// @throws std::invalid_argument on bad parameters, std::runtime_error when libebur128 fails.
  LoudnessMeter(int channels, int sample_rate, const std::vector<ChannelRole>& roles = {}, double series_rate_hz = 10,
                bool true_peak = true);

  /// Adds `frames` interleaved sample frames (frames * channels floats).
  void add(const float* interleaved, std::size_t frames);
  /// Adds `frames` frames of digital silence (keeps the timeline when audio is missing).
  void add_silence(std::size_t frames);

  /// Integrated loudness (LUFS), loudness range (LU), true and sample peak
  /// (dBTP/dBFS) of everything added so far. -inf values clamp to -70.
  Loudness loudness() const;

  /// Momentary loudness series, LUFS (floor kLoudnessFloorLufs).
  const std::vector<float>& momentary() const { return momentary_; }
  /// Short-term loudness series, LUFS (floor kLoudnessFloorLufs).
  const std::vector<float>& short_term() const { return short_term_; }
  /// Moves the series out (the meter keeps measuring with empty series).
  std::vector<float> take_momentary() { return std::move(momentary_); }
  std::vector<float> take_short_term() { return std::move(short_term_); }

  int channels() const { return channels_; }
  int sample_rate() const { return rate_; }
  /// Sample frames added so far.
  std::int64_t frames() const { return frames_; }

 private:
  void add_chunk(const float* p, std::size_t n);
  Ebur128Ptr st_;
  std::unique_ptr<kernels::TruePeak>
      tp_;  ///< true peak (libebur128's interpolator, blocks that cannot raise it skipped)
  int channels_;
  int rate_;
  bool true_peak_;
  std::size_t hop_;          ///< sample frames between series values
  std::size_t to_next_hop_;  ///< frames still to add before the next series value
  std::int64_t frames_ = 0;
  std::vector<float> zeros_;
  std::vector<double> hop_energy_;  ///< ring of the last `long_hops_` hop energies (mean square, K-weighted)
  std::size_t ring_pos_ = 0;
  std::size_t short_hops_ = 4, long_hops_ = 30;  ///< hops per 400 ms / per 3 s
  unsigned long hop_ms_ = 100;
  std::vector<float> momentary_, short_term_;
};

}  // namespace reelscale::audio
