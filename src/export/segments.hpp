#pragma once
/// @file segments.hpp
/// The pieces of an asset an export lists: its scenes, its shots, or its
/// programme parts and commercial breaks.

#include <string>
#include <vector>

#include "export/asset_doc.hpp"

namespace reelscale::exports {

/// What an export lists.
enum class Units { scenes, shots, breaks };

/// Parses "scenes" | "shots" | "breaks". @throws std::invalid_argument otherwise.
Units parse_units(const std::string& s);

/// One exported piece: inclusive decoded frame range and a name
/// ("Scene 3", "Shot 12", "Part 2", "Commercial break 1").
struct Segment {
  std::string name;
  FrameSpan span;
  bool is_break = false;  ///< a commercial break (Units::breaks only)
};

/// Frames in the asset: `frames`, else one past the last shot/scene end.
std::int64_t total_frames(const AssetDoc& d);

/// The segments of `d`, in frame order, not overlapping. Units::breaks cuts
/// [0, total_frames) at every insertion point and around every commercial
/// break; scenes/shots are the sidecar's own lists.
std::vector<Segment> segments(const AssetDoc& d, Units u);

}  // namespace reelscale::exports
