#pragma once
/// @file asset_pipeline.hpp
/// The per-asset pipeline: fixity, technical metadata, decode every video frame,
/// per-frame kernels in a oneTBB parallel_pipeline, then detection.
/// Knows nothing of MPI; the cluster layer calls it once per asset.

#include <filesystem>
#include <memory>

#include "adbreaks/ad_breaks.hpp"
#include "audio/audio_options.hpp"
#include "ingest/asset_budget.hpp"
#include "ingest/clamav_scanner.hpp"
#include "media/demux_policy.hpp"
#include "detect/shot_analyser.hpp"
#include "model/asset_record.hpp"
#include "scenes/image_embedder.hpp"
#include "scenes/scene_grouping.hpp"

namespace reelscale::pipeline {

/// Options of the per-asset pipeline.
struct PipelineOptions {
  int analysis_width = 256;   ///< width (pixels) of the grey analysis image; height keeps the display aspect
  int hist_width = 64;        ///< width of the BGR image the HSV histogram is computed on
  int max_tokens = 0;         ///< frames in flight in the pipeline; 0 = 4 x worker threads
  int decoder_threads = 0;    ///< libavcodec frame threads; 0 = TBB concurrency
  bool detect_shots = true;   ///< run shot detection, cues and frame selection after decode
  detect::ShotOptions shots;  ///< thresholds of the shot stage
  bool detect_scenes = true;  ///< embeddings, scene grouping and keyframes (needs detect_shots)
  scenes::SamplerOptions sampler;  ///< bounded per-frame embedding/keyframe candidates
  scenes::SceneOptions scenes;     ///< thresholds of the scene stage
  /// Frame embedder of the scene stage (`--embedder`); null = the GIST
  /// embedder. Shared by every asset and thread (embed() is thread-safe).
  std::shared_ptr<const scenes::ImageEmbedder> embedder;
  bool analyse_audio = true;       ///< loudness (BS.1770-4/R128) and silences of the best audio stream, same read
  audio::AudioOptions audio;       ///< audio analysis settings (silence threshold, series rate)
  bool detect_ad_breaks = true;    ///< commercial breaks and insertion points after shots/scenes
  adbreaks::AdBreakOptions ad_breaks;  ///< break marks (break_interval_s/break_offset_s: --break-interval/--break-offset)
  ingest::AssetBudget budget;      ///< per-asset limits of time, pixels, duration, memory, size (docs/reliability.md)
  media::DemuxPolicy demux;        ///< demuxer allow-list; nested opens off (a job spec may widen it)
  /// Virus scan of every asset before analysis (--clamav-db); null = no scan.
  std::shared_ptr<const ingest::ClamavScanner> scanner;
};

/// Processes one file. Never throws for bad media: damaged or unusable input is
/// reported through `status` and `error` (with FFmpeg's error string), keeping
/// whatever was decoded. Throws only for programming errors (std::logic_error).
/// The asset id is derived from `file` as given (callers pass an absolute path).
AssetRecord analyse_asset(const std::filesystem::path& file, const PipelineOptions& opts = {});

}  // namespace reelscale::pipeline
