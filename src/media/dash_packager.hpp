#pragma once
/// @file dash_packager.hpp
/// MPEG-DASH packaging of finished MP4 renditions (libavformat's `dash` muxer,
/// stream copy, no re-encode): one manifest with a video adaptation set holding
/// every rung as a representation and one audio adaptation set (the AAC track of
/// the first rung: the ladder muxes the same AAC packets into every rung).
/// Fragmented-MP4 segments are cut at keyframes; the ladder puts IDRs at the same
/// frames on every rung, so every representation has the same segment timeline.

#include <filesystem>
#include <string>
#include <vector>

namespace reelscale::media {

/// One rendition to package.
struct DashVariant {
  std::filesystem::path mp4;  ///< finished rendition (H.264 + optional AAC)
};

/// Writes `<dir>/manifest.mpd` (static MPD, SegmentTemplate + SegmentTimeline) with
/// init segments `init-<rep>.m4s` and media segments `chunk-<rep>-NNNNN.m4s` (rep =
/// representation id: 0..N-1 for the video rungs in the order given, N for audio).
/// `segment_s` is the target segment length (seg_duration; cut at the next keyframe).
/// The manifest is written under a temporary name and renamed last. Returns its path.
/// @throws MediaError naming the file when a rendition cannot be read or written.
std::filesystem::path write_dash(const std::vector<DashVariant>& variants, const std::filesystem::path& dir,
                                 double segment_s = 4.0);

}  // namespace reelscale::media
