#pragma once
/// @file analyser_stage.hpp
/// The plug-in analysers of one asset (src/analysis/): which decoded frames each
/// FrameAnalyser gets, the calls from the pipeline's stages, the 16 kHz audio feed of
/// the AudioAnalysers, and storing their results in the AssetRecord.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "analysis/audio_analyser.hpp"
#include "analysis/frame_analyser.hpp"
#include "pipeline/pipeline_options.hpp"
#include "record/asset_record.hpp"

namespace reelscale::pipeline {

/// Bit i set: frame analyser i wants this frame (at most 64 analysers).
using AnalyserMask = std::uint64_t;

/// One asset's frame and audio analysers.
class AnalyserStage {
 public:
  /// Makes one analyser per factory. @throws std::logic_error for more than 64 frame analysers.
  explicit AnalyserStage(const PipelineOptions& opts);

  bool has_frame_analysers() const { return !frames_.empty(); }
  bool has_audio_analysers() const { return !audio_.empty(); }

  /// Frames per second used for sampling (the stream's; record::timeline fallback when unknown).
  void set_fps(double fps);
  /// Which analysers sample decoded frame `frame` (0-based): the frame nearest each
  /// 1/sample_hz() step from frame 0, at the stream's fps; frame 0 always.
  AnalyserMask wants(std::int64_t frame) const;
  /// Longest side the BGR image needs for the analysers in `mask` (max of max_side()).
  int max_side(AnalyserMask mask) const;
  /// The analysers of `mask` that want the picture of sample `f` (FrameAnalyser::wants_picture;
  /// `f.bgr` empty). An exception counts as wanting it.
  AnalyserMask wants_picture(AnalyserMask mask, const analysis::AnalysisFrame& f);
  /// Calls analyse(f) on every analyser in `mask` (thread-safe; from the parallel
  /// stage). An exception becomes one warning per analyser on the asset.
  void analyse(AnalyserMask mask, const analysis::AnalysisFrame& f);
  /// Hands 16 kHz mono audio to every audio analyser in order (one thread).
  void consume_audio(std::span<const float> samples, double t0_s);
  /// Calls finish(rec) on every analyser (frame analysers first) and stores sidecar
  /// sections, tables, skipped stages, warnings and CPU seconds in `rec`.
  void finish(AssetRecord& rec);

 private:
  struct Frame {
    std::unique_ptr<analysis::FrameAnalyser> a;
    std::string key;
    double hz = 0;
    int side = 0;
    std::atomic<std::int64_t> cpu_ns{0};
    std::once_flag warned;
    std::string warning;
  };
  struct Audio {
    std::unique_ptr<analysis::AudioAnalyser> a;
    std::string key;
    std::int64_t cpu_ns = 0;
    std::string warning;
  };
  template <class A>
  static void finish_one(A& analyser, const std::string& key, const std::string& warning, std::int64_t cpu_ns,
                         AssetRecord& rec);
  static void store(const std::string& key, analysis::AnalysisResult&& r, AssetRecord& rec);

  std::vector<std::unique_ptr<Frame>> frames_;
  std::vector<Audio> audio_;
  double fps_ = 0;
};

/// CPU seconds used by the calling thread so far (CLOCK_THREAD_CPUTIME_ID).
double thread_cpu_s();
/// CPU seconds used by the process so far (CLOCK_PROCESS_CPUTIME_ID).
double process_cpu_s();

}  // namespace reelscale::pipeline
