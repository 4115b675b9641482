#pragma once
/// @file frame_selection.hpp
/// Dynamic frame selection (internal).

#include <vector>

#include "shots/shot_analyser.hpp"

namespace reelscale::shots {

/// Within each shot, runs of frames whose pHash stays within o.group_max_hamming
/// bits of the run's first frame form a group; each group yields its sharpest
/// frame (largest Laplacian variance). Black and colour-bar frames are never
/// candidates; frames inside gradual transitions only when nothing else is left;
/// every shot with at least one such frame yields >= 1 frame.
std::vector<SelectedFrame> select_frames(const FrameSeries& s, double fps, const std::vector<Shot>& shots,
                                         const std::vector<Transition>& transitions, const std::vector<Cue>& cues,
                                         const ShotOptions& o);

}  // namespace reelscale::shots
