#pragma once
/// @file ad_breaks.hpp
/// Ad breaks from the per-asset results (issue 6): commercial breaks already
/// present in broadcast recordings, and proposed insertion points for new ones.
/// Consumes only AssetRecord fields (frame series, shots, scenes, audio);
/// never a decoder. Frames are 0-based decoded frame indices, times seconds on
/// the asset's timeline (FrameSeries::pts_s).

#include <cstdint>
#include <vector>

#include "record/asset_record.hpp"
#include "record/black_frame.hpp"

namespace reelscale::adbreaks {

/// Every threshold of the ad-break stage, with where its default comes from.
struct AdBreakOptions {
  // ---- break marks (Media2Cloud V4 ladder) -------------------------------
  /// Interval between break marks, seconds; 0 = from the programme's duration
  /// (break_ladder). CLI: --break-interval.
  double break_interval_s = 0;
  /// Tolerance either side of each mark, seconds; < 0 = from the ladder (or, when
  /// break_interval_s is given, the smaller of the ladder's and 20 % of it). CLI: --break-offset.
  double break_offset_s = -1;
  /// Chosen insertion points are at least this far apart, seconds (issue 6: 10 s).
  double min_point_gap_s = 10;
  /// No insertion point closer than this to the programme's start or end, seconds.
  double edge_margin_s = 2;

  // ---- candidate scoring (weights are normalised to a 0..1 score) ---------
  double w_scene = 0.30;  ///< the candidate is a scene boundary (0.10 when only a shot boundary)
  double w_shot = 0.10;
  double w_black = 0.20;          ///< black frames at the boundary (within black_window_s)
  double w_fade = 0.10;           ///< a fade (cue or fade transition) at the boundary
  double w_silence = 0.20;        ///< silence across the boundary
  double w_visual = 0.10;         ///< colour-histogram dissimilarity across the boundary
  double w_loudness = 0.10;       ///< short-term loudness change across the boundary
  double black_window_s = 0.5;    ///< black/fade/silence must be within this of the boundary, seconds
  double context_s = 1.0;         ///< frames/audio compared either side of the boundary, seconds
  double visual_full = 0.5;       ///< histogram distance (0..1) giving full visual strength
  double loudness_full_lu = 6.0;  ///< loudness change (LU) giving full loudness strength
  double reason_min = 0.5;        ///< a graded feature is listed as a reason from this strength on

  // ---- slates and commercial breaks (comskip-like) -------------------------
  /// A frame is black from this fraction of black pixels (Media2Cloud: 98 % below 0.15*255).
  double black_fraction = record::kBlackFraction;
  /// A slate is a black run lasting at least this, with at least this much silence
  /// overlapping it (seconds; issue 6: 0.3 s).
  double slate_min_s = 0.3;
  /// Audio/video sync tolerance when matching silence to black, seconds: the silence
  /// may overlap the black run widened by this much each side. Captures drift; the
  /// dev corpus's AVI and TS programmes drift by up to 0.63 s (audio 1.3 % short).
  double av_tolerance_s = 1.0;
  /// Content between two slates is a spot when it lasts at least min_spot_s ...
  double min_spot_s = 1.0;
  /// ... and at most max_spot_s (comskip's max_commercial_size is 125 s; spots are 10-120 s) ...
  double max_spot_s = 120.0;
  /// ... and at most this fraction of the programme: spots are short next to the
  /// programme they interrupt. 0.2 separates the dev corpus's 5-7.3 s spots in
  /// 40-61 s programmes from its 14 s programme parts (docs/audio.md).
  double max_spot_fraction = 0.2;

  // ---- several cues (issue 15) ---------------------------------------------
  /// A black run is also quiet (a slate) when the quietest momentary loudness
  /// window (400 ms) lying inside the run widened by av_tolerance_s is at most
  /// this loud, LUFS: a slate with a mains hum or room tone instead of digital
  /// silence. -40 = 10 LU above the silence threshold, the scene stage's
  /// "near-silence" level (scenes::SceneOptions::audio_link_min_lufs).
  double quiet_max_lufs = -40.0;
  /// ... or when that quietest window is at least this far below the quieter of
  /// the two sides (the quiet_context_s before and after the widened run), dB (LU),
  /// and the run is not inside a detected fade (a fade's sound may dip too): a short
  /// slate whose silence the 400 ms windows (10 Hz) only partly see. A silence as
  /// long as one window (0.4 s, the shortest the silence finder reports) leaves the
  /// best-aligned window at most 0.05 s of sound, i.e. >= 10 log10(0.4 / 0.05) =
  /// 9.03 dB below its surroundings, whatever its alignment and level: hence 9.
  double quiet_dip_lu = 9.0;
  double quiet_context_s = 5.0;  ///< seconds of audio either side for quiet_dip_lu
  /// Black runs that are not quiet may still separate the spots *inside* a break
  /// (comskip's black-frame cue: a break's inner slates need not be silent); the
  /// break itself must begin and end with quiet slates. Runs inside a detected
  /// fade transition are fades, not separators.
  bool black_only_separators = true;
  /// Loudness jump between spots and programme (a comskip cue): in a run of at least
  /// three spot-length gaps, a gap whose mean momentary loudness lies this far or more
  /// below the run's median gap is programme, not a spot, and splits the run (a short
  /// programme part between a break and a black gap). 3 LU: beyond the programme-level
  /// tolerance of EBU R128 (+-1 LU) and ATSC A/85 (+-2 LU); spots are usually levelled
  /// louder than the programme they interrupt. Runs of one or two gaps are left alone.
  double spot_jump_lu = 3.0;
  /// A break lasts at most this, seconds (comskip's max_commercialbreak: 600 s).
  double max_break_s = 600.0;
};

/// Break marks of the Media2Cloud ladder: duration > 60 min every 10 +- 2 min,
/// > 40 min 8 +- 2, > 20 min 6 +- 2, > 10 min 4 +- 1, otherwise 2 +- 1 min.
struct BreakLadder {
  double interval_s = 0, offset_s = 0;
};
/// The ladder step for a programme of `duration_s` seconds.
BreakLadder break_ladder(double duration_s);

/// A black+silent slate: inclusive frame range of the black run.
struct Slate {
  std::int64_t start_frame = 0, end_frame = 0;
  double start_s = 0, end_s = 0;  ///< PTS of the first frame; PTS of the last + 1/fps
  double silent_s = 0;            ///< seconds of silence overlapping the run (widened by av_tolerance_s)
  double min_lufs = 0;            ///< quietest momentary loudness in the widened run, LUFS (NaN: none)
  double dip_lu = 0;              ///< quieter side's loudness minus min_lufs, LU (NaN: not measured)
  bool quiet = false;             ///< silent, or quiet by quiet_max_lufs / quiet_dip_lu
};

/// Every black run of at least opts.slate_min_s with its audio measures and `quiet`
/// flag (see AdBreakOptions); empty when no audio was measured.
std::vector<Slate> find_black_runs(const AssetRecord& rec, const AdBreakOptions& opts = {});

/// The quiet black runs of find_black_runs: black for at least opts.slate_min_s and
/// either overlapping silence for at least opts.slate_min_s (the run widened by
/// opts.av_tolerance_s each side) or quiet by loudness (quiet_max_lufs, quiet_dip_lu).
std::vector<Slate> find_slates(const AssetRecord& rec, const AdBreakOptions& opts = {});

/// Commercial breaks: maximal runs of spots (see AdBreakOptions) between
/// separators (the quiet `slates`, plus, with black_only_separators, the black runs
/// of `rec` that are neither quiet nor inside a fade transition), trimmed to begin
/// and end at a quiet slate and at most max_break_s long; a break runs from the
/// first frame of its first slate to the last frame of its last (comskip: black
/// frames and silence as break cues, max_commercial_size, max_commercialbreak).
std::vector<CommercialBreak> find_commercial_breaks(const AssetRecord& rec, const std::vector<Slate>& slates,
                                                    const AdBreakOptions& opts = {});

/// Every candidate boundary scored (scene boundaries, reason "scene_boundary"; shot
/// boundaries, reason "shot_boundary"; commercial-break starts), in frame order.
std::vector<InsertionPoint> score_candidates(const AssetRecord& rec, const std::vector<CommercialBreak>& breaks,
                                             const AdBreakOptions& opts = {});

/// Picks at most one candidate per break mark k*interval (k >= 1, before the
/// programme's end) within +-offset of it, keeping points min_point_gap_s apart.
/// Best first: (mark, candidate) pairs are taken in order of score (ties: nearest
/// the mark), so a strong boundary is never blocked by a weaker neighbour. Scene
/// boundaries and break starts serve first; a mark none of them serves then takes the
/// best shot boundary whose score is at least the median score of the scene
/// boundaries (any shot boundary when there are no scene boundaries).
/// @return the chosen points in frame order, each with mark_s set.
std::vector<InsertionPoint> choose_insertion_points(const std::vector<InsertionPoint>& candidates, double duration_s,
                                                    double interval_s, double offset_s,
                                                    const AdBreakOptions& opts = {});

/// The whole stage: slates, commercial breaks, scored candidates, chosen points.
/// Never throws for odd input; an asset without frames gives empty results.
AdBreaks analyse_ad_breaks(const AssetRecord& rec, const AdBreakOptions& opts = {});

}  // namespace reelscale::adbreaks
