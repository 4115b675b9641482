#pragma once
/// @file asset_pipeline.hpp
/// The per-asset pipeline: fixity, technical metadata, decode every video frame,
/// per-frame kernels in a oneTBB parallel_pipeline, then detection.
/// Knows nothing of MPI; the cluster layer calls it once per asset.

#include <filesystem>
#include <functional>
#include <memory>

#include "adbreaks/ad_breaks.hpp"
#include "audio/audio_options.hpp"
#include "detect/shot_analyser.hpp"
#include "model/asset_record.hpp"
#include "scenes/image_embedder.hpp"
#include "scenes/scene_grouping.hpp"

struct AVFormatContext;
namespace reelscale::media {
class RenditionLadder;
}

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
  /// Media outputs (issue 14, src/outputs): called once per asset with the opened file and
  /// the chosen streams (audio -1 = none); the ladder it returns (null = none) is fed every
  /// decoded frame in order from the serial collect stage (IDR hint when the frame's
  /// content_diff >= cut_keyframe_diff) and every packet of the same read.
  std::function<std::unique_ptr<media::RenditionLadder>(const AVFormatContext*, int video_stream, int audio_stream,
                                                        const AssetRecord&)>
      make_ladder;
  float cut_keyframe_diff = 0.35f;  ///< content_diff (HSV histogram distance) that forces a keyframe
  /// Called last with the finished record and the ladder (null when none was made):
  /// finishes the renditions, makes thumbnails/preview. Must not throw.
  std::function<void(AssetRecord&, media::RenditionLadder*)> finish_outputs;
};

/// Processes one file. Never throws for bad media: damaged or unusable input is
/// reported through `status` and `error` (with FFmpeg's error string), keeping
/// whatever was decoded. Throws only for programming errors (std::logic_error).
/// The asset id is derived from `file` as given (callers pass an absolute path).
AssetRecord analyse_asset(const std::filesystem::path& file, const PipelineOptions& opts = {});

}  // namespace reelscale::pipeline
