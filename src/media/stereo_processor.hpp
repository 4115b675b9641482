#pragma once
/// @file stereo_processor.hpp
/// A stage that transforms 48 kHz stereo planar float audio (e.g. loudness
/// normalisation). Free of FFmpeg types so capability areas can implement it.

#include <functional>

namespace reelscale::media {

/// 48 kHz stereo planar float samples: `left`/`right` hold `n` samples each.
using StereoSink = std::function<void(const float* left, const float* right, int n)>;

/// Processes a stream of stereo blocks; output may lag input (look-ahead).
class StereoProcessor {
 public:
  virtual ~StereoProcessor() = default;
  /// Processes `n` samples per channel, handing finished samples to `out`.
  virtual void process(const float* left, const float* right, int n, const StereoSink& out) = 0;
  /// Emits whatever is still held back.
  virtual void flush(const StereoSink& out) = 0;
};

}  // namespace reelscale::media
