#pragma once
/// @file preview_plan.hpp
/// The edit list of an automatic preview ("trailer"): the most representative
/// shot of each scene, in time order, each clip starting on its shot's first frame.

#include <vector>

#include "record/asset_record.hpp"

namespace reelscale::outputs {

/// One clip of the preview, seconds on the programme's timeline; [start_s, end_s).
struct PreviewClip {
  double start_s = 0, end_s = 0;
  int scene = 0, shot = 0;
  int last_shot = 0;  ///< last shot in the clip (> shot when later shots of the scene filled the time)
};

/// Representative shot of a scene = the shot holding the scene keyframe (the
/// sharpest selected frame, scenes stage), else the scene's longest shot.
/// With n scenes and a target T, each clip gets T/n seconds (at least min_clip_s:
/// when T/n is shorter, only the longest scenes are kept, in time order). A clip is a
/// whole shot: the representative one, or when that is longer than the clip's share the
/// scene's longest shot that fits (>= 0.5 s). Only when no shot of the scene fits is the
/// shot cut to its share: from its first frame, or in the last clip up to its last frame,
/// so the preview starts and ends on shot boundaries and is never longer than T (one
/// exception: a programme that is a single shot longer than T ends inside it). Scenes
/// fall back to shots. Shots shorter than 0.5 s are passed over when a scene has longer ones.
/// Time left under T (the representative shots were short) is then filled with the
/// shots that follow a clip's last shot inside its scene, whole shots only, round robin
/// over the clips in time order: such a clip starts and ends on shot boundaries.
std::vector<PreviewClip> plan_preview(const AssetRecord& rec, double target_s, double min_clip_s = 2.0);

}  // namespace reelscale::outputs
