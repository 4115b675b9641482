#pragma once
/// @file hls_packager.hpp
/// HLS packaging of finished MP4 renditions (libavformat's `hls` muxer, stream
/// copy, no re-encode): one VOD media playlist per rung with MPEG-TS segments and a
/// master playlist. Segments are cut at keyframes; the ladder puts IDRs at the same
/// frames on every rung, so segment boundaries are the same on every rung.

#include <filesystem>
#include <string>
#include <vector>

namespace reelscale::media {

/// One rendition to package.
struct HlsVariant {
  std::filesystem::path mp4;   ///< finished rendition
  std::string name;            ///< e.g. "720p": playlist <name>.m3u8, segments <name>_NNNNN.ts
  int width = 0, height = 0;
  double bit_rate = 0;         ///< bits/s for BANDWIDTH
};

/// Writes <dir>/<name>.m3u8 + segments for every variant and <dir>/master.m3u8
/// (written last, via a temporary name). Returns the master playlist path.
/// `segment_s` is the target segment length (hls_time). @throws MediaError naming the file.
std::filesystem::path write_hls(const std::vector<HlsVariant>& variants, const std::filesystem::path& dir,
                                double segment_s = 4.0);

}  // namespace reelscale::media
