#pragma once
/// @file shot_analyser.hpp
/// Shot boundary detection, technical cues and dynamic frame selection over
/// the per-frame measures of one asset (FrameSeries). Consumes only the
/// per-frame arrays; never sees a decoder. See docs/shots.md for the method.
///
/// Durations are given in seconds and converted to frames with the asset's
/// frame rate, so the same options serve 25, 29.97 and 50 fps material.

#include "model/frame_series.hpp"
#include "model/shot_analysis.hpp"

namespace reelscale::detect {

/// Every threshold of the shot stage, with where its default comes from.
/// Frame selection needs no shot-length option: every shot with at least one
/// frame that is not black or colour bars yields a frame, so every shot of
/// >= 0.5 s (issue 3) does.
/// "ratio" thresholds are scale-free: they compare a frame's distance with the
/// median distance of the frames around it, so they adapt to motion and noise.
struct ShotOptions {
  // ---- hard cuts -------------------------------------------------------
  /// Half-width of the sliding window whose median is the local motion level
  /// (seconds). 0.5 s = 12 frames at 25 fps each side, the window length of
  /// PySceneDetect's AdaptiveDetector (window_width = 2 frames each side is its
  /// default; a wider window gives a steadier median, Truong & Venkatesh 2007).
  double cut_window_s = 0.5;
  /// A cut's frame distance must be at least this multiple of the local median
  /// (PySceneDetect AdaptiveDetector adaptive_threshold = 3.0; 4.0 here: on the
  /// dev corpus true cuts are >= 14x, the fast motion at documentary 519 ~4x).
  double cut_ratio = 4.0;
  /// ... and stand above the local median by this many MADs (robust z-score;
  /// 3.5 is Iglewicz & Hoaglin's outlier cut-off for the modified z-score).
  double cut_mad_k = 3.5;
  /// Absolute floor on the combined frame distance of a cut, 0..1. The only
  /// absolute cut threshold: in a still shot any change is a huge ratio. Between
  /// PySceneDetect's min_content_val (15/255 ~ 0.06) and ContentDetector's
  /// threshold (27/255 ~ 0.11); dev corpus: true cuts >= 0.17, a time-lapse
  /// jump inside a still shot 0.09.
  double cut_min_distance = 0.12;
  /// Isolation: a cut must be this many times larger than every distance within
  /// two frames of it (a single spike, not a burst of fast motion, which rises
  /// and falls over several frames). Dev corpus: true cuts >= 4.6, motion <= 3.3.
  double cut_peak_ratio = 3.0;
  /// The thumbnail distance (structural or raw) of a cut must also be this many
  /// times its largest value over the two frames either side: histograms alone
  /// spike when a smooth luma ramp pushes flat colour across a bin edge.
  /// Measured on the dev corpus: true cuts >= 2.8, such a histogram spike 0.97.
  double cut_struct_ratio = 2.0;
  /// At least this fraction of the thumbnail's pixels must change by more than
  /// 16 grey levels across a cut (a cut replaces the picture; block corruption
  /// in a damaged stream or local motion changes a region). Dev corpus: true
  /// cuts >= 0.41; corrupt-block smears in garbled_archive.avi 0.19 and 0.34.
  double cut_min_changed_fraction = 0.25;
  /// Flash rejection: if one of the next `flash_frames` frames is again similar
  /// to the frame before the candidate (distance below flash_similarity times the
  /// candidate's distance), the spike is a flash or a dropped/garbled frame, not
  /// a cut. Camera flashes last 1-2 frames (Heng & Ngan 2003); 3 gives margin.
  int flash_frames = 3;
  double flash_similarity = 0.35;

  // ---- gradual transitions (dissolve, fade, wipe) ----------------------
  /// Frame gap of the non-adjacent comparison d(i - g, i + g) (seconds).
  /// 0.2 s (5 frames at 25 fps): shorter than the shortest dissolve we look for.
  double grad_gap_s = 0.2;
  /// Number of gap scales: grad_gap_s, 2x, 4x, ... (each at most half of
  /// grad_max_s). A transition of L frames shows about 2g/L of its change at gap g,
  /// so 0.2 s alone misses dissolves longer than ~1.2 s; 3 scales reach 0.8 s gaps.
  int grad_scales = 3;
  /// grad_ratio for the coarser scales: over 0.4-0.8 s a moving shot already
  /// changes much, so the candidate test is looser and the span tests
  /// (grad_shot_ratio, betweenness) decide.
  double grad_ratio_coarse = 2.0;
  /// Window (seconds, each side) of the median that normalises the gradual signal
  /// (at least 5 gaps at the coarser scales).
  double grad_window_s = 2.0;
  /// A gradual candidate's non-adjacent distance must reach this multiple of its
  /// local median (twin comparison's high threshold T_b, made relative).
  double grad_ratio = 3.0;
  /// Absolute floor on the distance between the frames either side of a gradual
  /// transition and on the non-adjacent peak (Zhang et al. 1993 compare the
  /// accumulated difference with T_b; dev corpus: transitions >= 0.37).
  double grad_min_distance = 0.25;
  /// Frames inside a candidate must change at least this multiple of the median
  /// adjacent distance of the shot on that side (twin comparison's low threshold
  /// T_s, made relative; Zhang et al. suggest T_s a little above the mean).
  double grad_low_ratio = 1.5;
  /// The change across a gradual transition must be this many times the change
  /// inside the neighbouring shots over the same duration (motion is not a transition).
  double grad_shot_ratio = 2.0;
  /// Betweenness: mean of (d(A,t) + d(t,B)) / d(A,B) over the transition's frames
  /// t, on raw thumbnails averaged to 8x8, A and B the frames either side. A dissolve, a fade or a
  /// wipe puts each pixel between A and B (ratio 1); motion does not.
  double grad_max_betweenness = 1.3;
  /// Wipe vs dissolve: over the middle half of the span, the fraction of thumbnail
  /// pixels (those that differ between A and B) whose blend factor
  /// alpha = (t - A) / (B - A) lies in 0.2..0.8. A dissolve puts all pixels there
  /// (alpha follows the progress), a wipe only the pixels along its edge.
  double wipe_max_mid_fraction = 0.35;
  /// Span ends whose adjacent distance is below this fraction of the span's
  /// upper-quartile adjacent distance are trimmed (the transition's pace vs the shot's drift).
  double grad_trim_ratio = 0.35;
  /// End a twin-comparison span where the blend ends, not where the frames stop
  /// changing: the distance d(A, t) from the frame before the span rises through a
  /// dissolve or wipe and then stays level while the new shot moves (and d(t, B)
  /// mirrored for the start). A ramp-then-plateau least-squares fit places both
  /// ends; no threshold. Off = the span ends where adjacent distances fall to the
  /// neighbouring shot's level, which runs on into a shot with strong motion.
  bool grad_knee_ends = true;
  /// Shortest and longest gradual transition reported (seconds). 0.2 s keeps
  /// 5-frame dissolves apart from cuts; 4 s covers slow film dissolves and fades.
  double grad_min_s = 0.2;
  double grad_max_s = 4.0;

  // ---- shots -----------------------------------------------------------
  /// Minimum shot length (seconds). Boundaries closer than this are merged.
  /// 0.15 s (4 frames at 25 fps) is well under PySceneDetect's 0.6 s and keeps
  /// the 5-frame shots of trailers.
  double min_shot_s = 0.15;

  // ---- technical cues --------------------------------------------------
  /// A frame is black when at least this fraction of its pixels are below
  /// 0.15*255 (Media2Cloud black-frame detection: 98 % / 0.15).
  double black_fraction = 0.98;
  /// Shortest black segment reported as a cue (seconds); one frame, like ffmpeg
  /// blackdetect's d=0 would report, is too noisy: 0.08 s = 2 frames at 25 fps.
  double black_min_s = 0.08;
  /// A fade is a monotonic luma ramp of at least this length (seconds) ending in
  /// (fade_out) or starting from (fade_in) a near-black frame.
  double fade_min_s = 0.12;
  /// Near-black for fades: mean luma at most this (0..255); 0.15*255/2.
  double fade_black_luma = 20.0;
  /// Luma must fall/rise by at least this fraction of the far end's level.
  double fade_min_drop = 0.5;
  /// Two fades (out then in) separated by a black hold no longer than this
  /// (seconds) are one "fade" transition through black.
  double fade_max_hold_s = 1.0;
  /// Colour bars: at least this fraction of the pixels saturated and bright
  /// (S and V in the upper half: 75 % bars are 75 %-saturated primaries) ...
  double bars_min_saturated_fraction = 0.35;
  /// ... the thumbnail's columns nearly constant (vertical stripes): mean
  /// absolute vertical difference below this fraction of the horizontal one ...
  double bars_max_vertical_ratio = 0.35;
  /// ... spread over at least this many of the 8 hue bins (4 % of pixels each) ...
  int bars_min_hues = 4;
  /// ... and the column means fall left to right by at least this (grey levels):
  /// 75 % bars go from grey (~180) to blue (~30) (ITU-R BT.801 / SMPTE EG 1).
  double bars_min_luma_drop = 80.0;
  /// Shortest colour-bar segment reported (seconds).
  double bars_min_s = 0.2;

  // ---- dynamic frame selection ----------------------------------------
  /// A group is a run of frames within this many bits (of 64) of the group's
  /// first frame's pHash (issue 3 / Media2Cloud V4: 16).
  int group_max_hamming = 16;
  /// A group spans at least this long (seconds) before a pHash change may open
  /// the next one (frames within it join it whatever their hash). 1 s is the
  /// sampling interval of Media2Cloud V4, the method this improves on: we never
  /// select more densely than it samples, even where the pHash of low-contrast
  /// footage flips 10-19 bits from one frame to the next. 0 = the bare pHash rule.
  double select_min_group_s = 1.0;
  /// When a group's pick is within group_max_hamming bits of the shot's previous
  /// pick, the two groups merge and the sharper frame is kept: consecutive picks
  /// of a shot always differ by more than the threshold, the test Media2Cloud
  /// applies between the frames it keeps. (A-B-A-B alternation inside a shot still
  /// yields one pick per run.)
  bool select_merge_similar = true;
  /// Frames inside a gradual transition are not selected when the shot has others.
  bool select_skip_transitions = true;
  /// ... nor frames this close (seconds) to one: detected spans may be a frame or
  /// two short of the blend (0.1 s ~ the 2-frame evaluation tolerance at 25 fps).
  double select_transition_margin_s = 0.1;
};

/// Runs cut and gradual detection, cues and frame selection.
/// @param fps frames per second of the series; 0 (unknown) falls back to 25.
/// Never throws for odd input: an empty series gives an empty analysis;
/// missing columns (e.g. no histograms) disable the detectors that need them.
ShotAnalysis analyse_shots(const FrameSeries& series, double fps, const ShotOptions& opts = {});

}  // namespace reelscale::detect
