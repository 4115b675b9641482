#pragma once
/// @file shot_analysis.hpp
/// Results of shot boundary detection, technical cues and frame selection.
/// Frame numbers are 0-based decoded frame indices; ranges are inclusive.

#include <cstdint>
#include <string>
#include <vector>

namespace reelscale {

/// A shot boundary. A cut has start_frame == end_frame == first frame of the new
/// shot; a gradual transition ("dissolve", "fade", "wipe") spans its blended frames.
struct Transition {
  std::string type;  ///< "cut" | "dissolve" | "fade" | "wipe"
  std::int64_t start_frame = 0;
  std::int64_t end_frame = 0;
  float score = 0;  ///< detector confidence (method-specific, larger = surer)
};

/// A shot: an inclusive range of frames between two boundaries.
struct Shot {
  std::int64_t start_frame = 0, end_frame = 0;
  double start_s = 0, end_s = 0;  ///< PTS of the first frame; PTS of the last frame + 1/fps
};

/// A technical cue: "black", "fade_out", "fade_in", "colour_bars".
struct Cue {
  std::string type;
  std::int64_t start_frame = 0, end_frame = 0;
};

/// A representative frame chosen by dynamic frame selection.
struct SelectedFrame {
  std::int64_t frame = 0;
  double pts_s = 0;
  int shot = 0;   ///< index into shots
  int group = 0;  ///< pHash group index within the shot
  float laplacian_var = 0;
  std::uint64_t phash = 0;
};

/// Everything the shot stage produces for one asset.
struct ShotAnalysis {
  std::vector<Transition> transitions;
  std::vector<Shot> shots;
  std::vector<Cue> cues;
  std::vector<SelectedFrame> selected_frames;
};

}  // namespace reelscale
