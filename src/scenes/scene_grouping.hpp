#pragma once
/// @file scene_grouping.hpp
/// Scene grouping: shots whose vectors are similar within a time window are
/// linked, and a scene runs from a shot to the furthest shot linked to any of
/// its shots (Scene Transition Graph: Yeung, Yeo & Liu 1998, "Segmentation of
/// video by clustering and graph analysis", CVIU 71(1); the "furthest linked
/// shot" scan is their cut-edge rule on the STG restricted to a time window,
/// as in Media2Cloud V4, whose defaults 0.80 / 3 min were the starting point).
/// Scenes never cross a fade through black or a black slate; scenes shorter
/// than `min_scene_s`, and single-shot scenes shorter than
/// `min_isolated_shot_s`, merge into the neighbour holding the most similar
/// shot (single linkage, as the STG links shot to shot; black ones into the
/// scene before). Consecutive shots also link when the audio runs on across
/// the cut (audio continuity, after the audio-visual scene model of Sundaram &
/// Chang 2000). See docs/scenes.md.

#include <cstdint>
#include <vector>

#include "record/asset_record.hpp"
#include "record/black_frame.hpp"
#include "scenes/frame_sampler.hpp"

namespace reelscale::scenes {

/// Every threshold of the scene stage.
struct SceneOptions {
  /// Cosine similarity (of L2-normalised shot vectors) at which two shots link.
  /// Measured on the dev corpus with the GIST+colour embedding (docs/scenes.md).
  double link_threshold = 0.70;
  /// Two shots link only when the later starts at most this long (seconds)
  /// after the earlier ends (Media2Cloud: 3 min).
  double window_s = 180.0;
  /// Scenes shorter than this (seconds) merge into a neighbour (issue 5: 2 s).
  double min_scene_s = 2.0;
  /// A scene made of one non-black shot shorter than this (seconds) is an
  /// isolated insert the STG could not link (e.g. a cutaway whose content
  /// changes between its appearances); it merges into the neighbour holding
  /// its most similar shot, never across a slate or fade. 4 s measured on the dev corpus
  /// (its shortest truth scene is 5 s).
  double min_isolated_shot_s = 4.0;
  /// A frame is black at this black fraction (record/black_frame.hpp).
  double black_fraction = record::kBlackFraction;
  /// Black runs at least this long (seconds) are slates/fade holds and split scenes.
  double black_min_s = 0.08;
  /// A shot whose frames are at least this fraction black is a black shot.
  double black_shot_fraction = 0.9;
  /// Store the embeddings of all the sampler's candidate frames (not only the
  /// selected frames) in SceneAnalysis::embedded_frames, for a denser frame index.
  bool store_candidates = true;
  /// Audio-continuity link (docs/scenes.md): a shot also links to the shot
  /// right before it when the audio runs on across the cut between them.
  bool audio_link = true;
  /// Seconds of audio compared on each side of the cut.
  double audio_link_span_s = 2.0;
  /// Largest mean absolute difference (dB, over the mel bands of
  /// AudioAnalysis::band_db) between the mean spectra before and after the cut
  /// at which the audio counts as continuous. Measured on the dev corpus.
  double audio_link_max_db = 3.0;
  /// Both sides must be at least this loud (every momentary loudness value of
  /// the compared spans, LUFS): 10 LU above the silence threshold (-50), so
  /// silence or near-silence never links.
  double audio_link_min_lufs = -40.0;
};

/// A shot as the grouping sees it: frame range, vector (empty when the shot has
/// no usable frame, e.g. black) and whether a hard break precedes it.
struct GroupingShot {
  std::int64_t start_frame = 0, end_frame = 0;  ///< inclusive
  double start_s = 0, end_s = 0;                ///< seconds
  std::vector<float> vec;                       ///< L2-normalised, or empty
  bool black = false;                           ///< a black (slate/fade-hold) shot
  bool break_before = false;                    ///< no scene may span the gap before this shot
  bool audio_link_before = false;               ///< the audio runs on across the cut before this shot
};

/// A scene as shot indices into the GroupingShot list (inclusive).
struct ShotSpan {
  int first = 0, last = 0;
};

/// STG grouping + short-scene merging over prepared shots. Pure function.
/// @return spans tiling [0, shots.size()).
std::vector<ShotSpan> group_shots(const std::vector<GroupingShot>& shots, const SceneOptions& o);

/// Builds the grouping shots of one asset: the detector's shots split at black
/// runs, vectors = normalised mean of the embeddings of the selected frames
/// inside (the nearest candidate stands in for a selected frame that is not a
/// candidate; a shot without selected frames uses its candidates).
std::vector<GroupingShot> prepare_shots(const FrameSeries& series, const ShotAnalysis& shots, double fps,
                                        const FrameCandidates& cand, const SceneOptions& o);

/// Per shot j (index into `shots`), the audio distance across the cut before it:
/// mean over bands of |mean dB over [t - span, t) - mean dB over [t, t + span)|
/// with t = shots[j].start_s, from the band_db rows lying wholly inside each
/// span. NaN for shot 0, when the audio has no spectrum or does not cover both
/// spans, or when either span is quieter than `audio_link_min_lufs` anywhere.
std::vector<double> audio_cut_distances(const std::vector<GroupingShot>& shots, const AudioAnalysis& audio,
                                        const SceneOptions& o);

/// Sets GroupingShot::audio_link_before where the distance above is at most
/// `audio_link_max_db` and no hard break precedes the shot (no-op when
/// `audio_link` is off).
void mark_audio_links(std::vector<GroupingShot>& shots, const AudioAnalysis& audio, const SceneOptions& o);

/// The whole scene stage for one asset: prepare_shots, group_shots, scene
/// ranges mapped to the detector's shot indices, keyframes (the sharpest frame
/// with stored pixels in the scene, preferring selected frames), scene
/// embeddings (normalised mean of the scene's selected-frame embeddings) and
/// the per-selected-frame embeddings.
/// `audio` (may be null): the asset's audio analysis, for the audio-continuity link.
SceneAnalysis analyse_scenes(const FrameSeries& series, const ShotAnalysis& shots, double fps, FrameCandidates cand,
                             const SceneOptions& o = {}, const AudioAnalysis* audio = nullptr);

}  // namespace reelscale::scenes
