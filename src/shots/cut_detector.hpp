#pragma once
/// @file cut_detector.hpp
/// Hard cuts: an adaptive threshold on the adjacent frame distance over a sliding
/// window (PySceneDetect's AdaptiveDetector, made robust with the median and MAD),
/// an isolation test (a cut is a one-frame spike), a structure test on the luma
/// thumbnails and a flash test (Heng & Ngan 2003). docs/shots.md has the method.

#include <vector>

#include "record/frame_series.hpp"
#include "record/shot_analysis.hpp"

namespace reelscale::shots {

/// Thresholds of the cut detector, with where each default comes from.
struct CutOptions {
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

  /// @throws std::invalid_argument naming the option when a value is out of range.
  void validate() const;
};

/// Hard cuts of `s` (frame rate `fps`, > 0): one Transition of type "cut" per cut,
/// start_frame == end_frame == the first frame of the new shot, score = distance /
/// local median. @throws std::invalid_argument for out-of-range options.
std::vector<Transition> detect_cuts(const FrameSeries& s, double fps, const CutOptions& o);

}  // namespace reelscale::shots
