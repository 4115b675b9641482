#pragma once
/// @file pipeline_options.hpp
/// Options of the per-asset pipeline (pipeline/asset_pipeline.hpp), including the
/// plug-in analysers of the capability areas (src/analysis/).

#include <functional>
#include <memory>
#include <vector>

#include "adbreaks/ad_breaks.hpp"
#include "analysis/audio_analyser.hpp"
#include "analysis/frame_analyser.hpp"
#include "audio/audio_options.hpp"
#include "embed/image_embedder.hpp"
#include "ingest/asset_budget.hpp"
#include "ingest/clamav_scanner.hpp"
#include "media/demux_policy.hpp"
#include "scenes/scene_grouping.hpp"
#include "shots/shot_analyser.hpp"

struct AVFormatContext;
namespace reelscale {
struct AssetRecord;
}
namespace reelscale::media {
class RenditionLadder;
}

namespace reelscale::pipeline {

/// Options of the per-asset pipeline.
struct PipelineOptions {
  int analysis_width = 256;        ///< width (pixels) of the grey analysis image; height keeps the display aspect
  int hist_width = 64;             ///< width of the BGR image the HSV histogram is computed on
  int max_tokens = 0;              ///< frames in flight in the pipeline; 0 = 4 x worker threads
  int decoder_threads = 0;         ///< libavcodec frame threads; 0 = TBB concurrency
  /// `--decode fast`: reduced decoding (libavcodec lowres down to analysis_width, skip_loop_filter;
  /// every frame still decoded; media::VideoDecoder). Off (full decode) by default; not used
  /// while media outputs (make_ladder) need full-size pictures.
  bool fast_decode = false;
  bool detect_shots = true;        ///< run shot detection, cues and frame selection after decode
  shots::ShotOptions shots;        ///< thresholds of the shot stage
  bool detect_scenes = true;       ///< embeddings, scene grouping and keyframes (needs detect_shots)
  scenes::SamplerOptions sampler;  ///< bounded per-frame embedding/keyframe candidates
  scenes::SceneOptions scenes;     ///< thresholds of the scene stage
  /// Frame embedder of the scene stage (`--embedder`); null = the GIST
  /// embedder. Shared by every asset and thread (embed() is thread-safe).
  std::shared_ptr<const embed::ImageEmbedder> embedder;
  bool analyse_audio = true;     ///< loudness (BS.1770-4/R128) and silences of the best audio stream, same read
  audio::AudioOptions audio;     ///< audio analysis settings (silence threshold, series rate)
  bool detect_ad_breaks = true;  ///< commercial breaks and insertion points after shots/scenes
  adbreaks::AdBreakOptions
      ad_breaks;  ///< break marks (break_interval_s/break_offset_s: --break-interval/--break-offset)
  ingest::AssetBudget budget;  ///< per-asset limits of time, pixels, duration, memory, size (docs/reliability.md)
  media::DemuxPolicy demux;    ///< demuxer allow-list; nested opens off (a job spec may widen it)
  /// Virus scan of every asset before analysis (--clamav-db); null = no scan.
  std::shared_ptr<const ingest::ClamavScanner> scanner;
  /// Selected-frame analysers (faces, text, moderation...): one fresh analyser per asset
  /// from each factory. Frames are sampled at each analyser's sample_hz() (the decoded
  /// frame nearest each step, from frame 0), converted once to BGR and analysed in the
  /// parallel measure stage; finish() runs after shots, scenes and ad breaks.
  std::vector<analysis::AnalyserFactory> frame_analysers;
  /// Audio analysers (speech...): each gets the asset's audio as mono 16 kHz float, in
  /// order, then finish() after the frame analysers. Needs an audio stream; runs even
  /// with analyse_audio off (then only the 16 kHz feed is decoded).
  std::vector<analysis::AudioAnalyserFactory> audio_analysers;
  /// Media outputs (issue 14, src/outputs): called once per asset with the opened file and
  /// the chosen streams (audio -1 = none); the ladder it returns (null = none) is fed every
  /// decoded frame in order from the serial collect stage (IDR hint when the frame's
  /// content_diff >= cut_keyframe_diff) and every packet of the same read.
  std::function<std::unique_ptr<media::RenditionLadder>(const AVFormatContext*, int video_stream, int audio_stream,
                                                        const AssetRecord&)>
      make_ladder;
  float cut_keyframe_diff = 0.35f;  ///< content_diff (HSV histogram distance) that forces a keyframe
  /// Called last (after the plug-in analysers) with the finished record and the ladder (null
  /// when none was made): finishes the renditions, makes thumbnails/preview. Must not throw.
  std::function<void(AssetRecord&, media::RenditionLadder*)> finish_outputs;
};

}  // namespace reelscale::pipeline
