#pragma once
/// @file frame_stages.hpp
/// The three named stages of the per-asset oneTBB parallel_pipeline (as in oneTBB's
/// examples: one functor per filter):
///   DecodeStage  (serial, in order)  next decoded frame, its PTS and index, which
///                                    plug-in analysers sample it;
///   MeasureStage (parallel)          analysis images (media::FrameScaler), per-frame
///                                    kernels, scene-candidate pixels, plug-in analysers;
///   CollectStage (serial, in order)  FrameSeries row, scene candidate collector.
/// Internal to src/pipeline (asset_pipeline.cpp runs them).

#include <array>
#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_pipeline.h>

#include "media/frame_scaler.hpp"
#include "media/picture.hpp"
#include "media/rational.hpp"
#include "media/video_decoder.hpp"
#include "pipeline/analyser_stage.hpp"
#include "pipeline/pipeline_options.hpp"
#include "record/frame_series.hpp"
#include "reelscale/kernels/frame_kernels.hpp"
#include "scenes/frame_sampler.hpp"

namespace reelscale::pipeline {

/// One frame in flight through the pipeline.
struct FrameToken {
  static constexpr std::size_t kThumbPixels = std::size_t(kernels::kThumbSide) * kernels::kThumbSide;
  media::Picture frame;        ///< the decoded picture, released after measure
  double pts_s = std::numeric_limits<double>::quiet_NaN();
  std::int64_t index = 0;      ///< decoded frame index
  AnalyserMask analysers = 0;  ///< plug-in frame analysers that sample this frame
  std::uint64_t phash = 0;
  float laplacian_var = 0;
  kernels::LumaStats luma;
  std::array<float, kernels::kHsvBins> hist{};
  std::array<std::uint8_t, kThumbPixels> thumb{};
  scenes::FrameSample sample;  ///< analysis-image copies for the scene stage
};
using Token = std::shared_ptr<FrameToken>;

/// Where the decode stage reads from and how it stamps frames.
struct DecodeState {
  media::VideoDecoder& decoder;
  AnalyserStage& analysers;
  std::int64_t start_pts = 0;  ///< stream start time, time-base units
  int tb_num = 1, tb_den = 1;  ///< stream time base
  std::int64_t next_index = 0;
  std::atomic<std::int64_t> cpu_ns{0};
  /// Set by a later stage to end the stream early (e.g. over the memory budget): the source
  /// stops and the frames in flight drain normally. Throwing inside tbb::parallel_pipeline
  /// instead cancels it, and oneTBB 2021.8 then leaks the tokens in flight (LeakSanitizer,
  /// HostileBudget, session 8).
  std::atomic<bool> stop{false};
};

/// Serial in-order source: the next decoded frame, or stop at the end of the stream.
class DecodeStage {
 public:
  explicit DecodeStage(DecodeState& st) : st_(&st) {}
  Token operator()(tbb::flow_control& fc) const;

 private:
  DecodeState* st_;
};

/// What the measure stage needs; shared by its worker threads.
struct MeasureState {
  const PipelineOptions& opts;
  AnalyserStage& analysers;
  tbb::enumerable_thread_specific<media::FrameScaler>& scalers;
  media::Rational sar{0, 1};
  double rotation_deg = 0;
  std::atomic<std::int64_t> cpu_ns{0};  ///< kernels only (plug-in analysers count under their own key)
  bool keep_frame = false;  ///< media outputs: the collect stage still needs the decoded frame
};

/// Parallel stage: analysis images, kernels, scene pixels, plug-in analysers.
class MeasureStage {
 public:
  explicit MeasureStage(MeasureState& st) : st_(&st) {}
  Token operator()(Token t) const;

 private:
  MeasureState* st_;
};

/// Serial in-order sink: one FrameSeries row per frame, scene candidates.
class CollectStage {
 public:
  CollectStage(FrameSeries& series, scenes::CandidateCollector* collector) : series_(&series), collector_(collector) {}
  void operator()(Token t) const;

 private:
  FrameSeries* series_;
  scenes::CandidateCollector* collector_;  ///< null without the scene stage
};

}  // namespace reelscale::pipeline
