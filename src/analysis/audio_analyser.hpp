#pragma once
/// @file audio_analyser.hpp
/// The plug-in point for audio-content analysers (speech/music/silence segmentation,
/// transcription). The per-asset pipeline decodes the asset's first audio stream once
/// (src/media), and besides its loudness meters feeds every analyser the same audio
/// downmixed to mono and resampled to 16 kHz, as float in [-1, 1], in time order, from one
/// thread. After the asset is done it calls `finish()`; the result is stored like a
/// FrameAnalyser's (sidecar[key()], catalog tables under /assets/<id>/<table.name>).

#include <memory>
#include <span>
#include <string>

#include "analysis/frame_analyser.hpp"

namespace reelscale::analysis {

/// Sample rate of the audio handed to AudioAnalyser::consume, Hz.
inline constexpr int kAnalysisSampleRate = 16000;

/// An audio analyser for one asset. Not called concurrently.
class AudioAnalyser {
 public:
  virtual ~AudioAnalyser() = default;
  /// Sidecar member and stage name, e.g. "speech".
  virtual std::string key() const = 0;
  /// Consumes the next block of mono 16 kHz samples; `t0_s` is the time of samples[0] in
  /// seconds from the stream start. Blocks are contiguous; a gap (damaged input) shows as a
  /// jump in t0_s.
  virtual void consume(std::span<const float> samples, double t0_s) = 0;
  /// Called once after decode, shots and scenes. May throw (the asset gets a warning).
  virtual AnalysisResult finish(const AssetRecord& rec) = 0;
};

/// Makes a fresh audio analyser for each asset.
using AudioAnalyserFactory = std::function<std::unique_ptr<AudioAnalyser>()>;

}  // namespace reelscale::analysis
