#pragma once
/// @file demux_policy.hpp
/// Which libavformat demuxers may read an asset, and whether they may open other
/// files (docs/reliability.md). The default refuses playlists and concatenation
/// (hls, dash, concat/ffconcat, imf, image2 sequences...): a playlist named .mp4
/// would otherwise make FFmpeg read other local files under the asset's name.

#include <string>
#include <vector>

namespace reelscale::media {

/// The demuxer allow-list (FFmpeg short names) of media containers, raw elementary
/// streams and single still images: mov/mp4, matroska/webm, avi, mpeg-ps, mpeg-ts,
/// flv, asf, mxf, dv, ogg, wav, mp3, flac, ... (see the .cpp for the full list).
const std::vector<std::string>& default_media_formats();

/// Demuxing limits of one asset.
struct DemuxPolicy {
  std::vector<std::string> formats = default_media_formats();  ///< allowed demuxers (short names)
  /// Let demuxers open further URLs (a job spec that lists "hls" etc. sets it); then
  /// only the "file" protocol is allowed. Off: every nested open is refused.
  bool nested_opens = false;
  double wall_budget_s = 0;  ///< interrupts open/probe/reads after this many seconds; 0 = no limit
};

/// "a,b,c" of `formats`.
std::string join_formats(const std::vector<std::string>& formats);

}  // namespace reelscale::media
