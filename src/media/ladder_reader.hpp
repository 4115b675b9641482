#pragma once
/// @file ladder_reader.hpp
/// A ladder fed by its own read of a file (no analysis): for tests, tools and
/// the re-encode of an asset whose analysis is already stored.

#include <filesystem>
#include <functional>
#include <vector>

#include "media/rendition_ladder.hpp"

namespace reelscale::media {

/// Decodes `file` once and feeds every frame and audio packet to a RenditionLadder
/// built from `cfg`. `is_cut(i)` (optional) forces an IDR at decoded frame i.
/// @throws MediaError when the file cannot be opened or has no video stream;
/// per-rung failures are in the results.
std::vector<RungResult> encode_ladder_from_file(const std::filesystem::path& file, LadderConfig cfg,
                                                const std::function<bool(std::int64_t)>& is_cut = {});

/// Index of the best video stream of `file` and whether its first frames are
/// flagged interlaced (codec field order), plus coded size and SAR, for planning.
struct VideoGeometry {
  int stream = -1, audio_stream = -1;
  int width = 0, height = 0, sar_num = 0, sar_den = 1;
  bool interlaced = false;
  int turns = 0;  ///< clockwise quarter turns that make the picture upright (display matrix, as ffmpeg autorotate)
  double fps = 0;
};
/// Probes `file`. @throws MediaError when it cannot be opened.
VideoGeometry probe_video_geometry(const std::filesystem::path& file);
/// The same for an opened file and chosen streams (audio -1 = none).
VideoGeometry video_geometry(const AVFormatContext* fmt, int video_stream, int audio_stream);

}  // namespace reelscale::media
