#pragma once
/// @file shot_analyser.hpp
/// Shot boundary detection, technical cues and dynamic frame selection over
/// the per-frame measures of one asset (FrameSeries). Consumes only the
/// per-frame arrays; never sees a decoder. See docs/shots.md for the method.
///
/// Durations are given in seconds and converted to frames with the asset's
/// frame rate, so the same options serve 25, 29.97 and 50 fps material.

#include "record/black_frame.hpp"
#include "record/frame_series.hpp"
#include "record/shot_analysis.hpp"
#include "shots/cut_detector.hpp"
#include "shots/fade_detector.hpp"
#include "shots/gradual_detector.hpp"

namespace reelscale::shots {

/// Every threshold of the shot stage, with where its default comes from.
/// Frame selection needs no shot-length option: every shot with at least one
/// frame that is not black or colour bars yields a frame, so every shot of
/// >= 0.5 s (issue 3) does.
/// "ratio" thresholds are scale-free: they compare a frame's distance with the
/// median distance of the frames around it, so they adapt to motion and noise.
struct ShotOptions : CutOptions, GradualOptions, FadeOptions {
  // Hard cuts (CutOptions, shots/cut_detector.hpp), gradual transitions
  // (GradualOptions, shots/gradual_detector.hpp) and fades (FadeOptions,
  // shots/fade_detector.hpp) are the base classes: o.cut_ratio, o.grad_gap_s, ...
  // ---- shots -----------------------------------------------------------
  /// Minimum shot length (seconds). Boundaries closer than this are merged.
  /// 0.15 s (4 frames at 25 fps) is well under PySceneDetect's 0.6 s and keeps
  /// the 5-frame shots of trailers.
  double min_shot_s = 0.15;

  // ---- technical cues --------------------------------------------------
  /// A frame is black when at least this fraction of its pixels are below
  /// 0.15*255 (Media2Cloud black-frame detection: 98 % / 0.15).
  double black_fraction = record::kBlackFraction;
  /// Shortest black segment reported as a cue (seconds); one frame, like ffmpeg
  /// blackdetect's d=0 would report, is too noisy: 0.08 s = 2 frames at 25 fps.
  double black_min_s = 0.08;
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

  /// Checks every detector's options and the shot/cue/selection ones.
  /// @throws std::invalid_argument naming the option when a value is out of range.
  void validate() const;
};

/// Runs cut and gradual detection, cues and frame selection.
/// @param fps frames per second of the series; 0 (unknown) falls back to 25.
/// Never throws for odd input: an empty series gives an empty analysis;
/// missing columns (e.g. no histograms) disable the detectors that need them.
ShotAnalysis analyse_shots(const FrameSeries& series, double fps, const ShotOptions& opts = {});

}  // namespace reelscale::shots
