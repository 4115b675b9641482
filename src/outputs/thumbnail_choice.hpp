#pragma once
/// @file thumbnail_choice.hpp
/// Which frames become thumbnails and the poster (pure: reads the per-frame
/// arrays, shots and scenes of an analysed asset).

#include <cstdint>
#include <vector>

#include "record/asset_record.hpp"

namespace reelscale::outputs {

/// One chosen frame.
struct ThumbnailPick {
  std::int64_t frame = 0;  ///< 0-based decoded frame index
  double pts_s = 0;        ///< its presentation time, seconds
  int scene = 0;           ///< scene (or shot, when there are no scenes) it stands for
};

/// Thumbnails plus poster.
struct ThumbnailChoice {
  std::vector<ThumbnailPick> thumbnails;  ///< in time order
  ThumbnailPick poster;                   ///< the longest scene's pick
  bool has_poster = false;
};

/// A frame may be a thumbnail when it is not black (shots::is_black_frame), not
/// colour bars (shots::is_colour_bars_frame), inside no black/fade/bars cue, not
/// within 2 frames of a transition, its mean grey level is in [20, 235] and, unless
/// `letterboxed`, less than half of it is black (letterboxed programmes, whose bars
/// make every frame at least half black, are chosen from with `letterboxed` true).
bool eligible_thumbnail_frame(const AssetRecord& rec, std::size_t i, bool letterboxed = false);

/// At least `count` thumbnails (fewer only when the programme has fewer eligible
/// frames), spread over the scenes: every scene gets one slot when count >= scenes
/// (else every scene gets one, giving more than `count`), remaining slots go to the
/// longest scenes (largest remainder of duration share). A scene with k slots is cut
/// into k equal frame spans; each span takes its sharpest (max Laplacian variance)
/// eligible selected frame (shot-stage dynamic frame selection), else its sharpest
/// eligible frame. Scenes fall back to shots, shots to the whole programme. When no
/// frame at all qualifies, the half-black rule is dropped (a letterboxed programme).
ThumbnailChoice choose_thumbnails(const AssetRecord& rec, int count);

}  // namespace reelscale::outputs
