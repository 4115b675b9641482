#pragma once
/// @file preview_writer.hpp
/// Cuts a preview out of a proxy rendition (a second, cheap read of the smallest
/// rung, not the master): the frames of each clip are re-encoded back to back
/// (H.264, IDR at every clip start), the audio of each clip is joined to the next
/// with a short equal-gain crossfade centred on the join (the audio just outside
/// the clips is used, so audio and video keep the same length).

#include <filesystem>
#include <string>
#include <vector>

namespace reelscale::media {

/// One clip, seconds on the source timeline (0 = first video frame), [start_s, end_s).
struct ClipSpan {
  double start_s = 0, end_s = 0;
};

/// What was written.
struct PreviewResult {
  int width = 0, height = 0;
  std::int64_t frames = 0;
  double duration_s = 0;
  std::int64_t bytes = 0;
};

/// Writes `out` (MP4, +faststart, via <out>.part). `crossfade_s` is the length of each
/// audio crossfade. @throws MediaError naming the file on failure.
PreviewResult write_preview(const std::filesystem::path& proxy, const std::vector<ClipSpan>& clips,
                            const std::filesystem::path& out, int crf = 23, const std::string& preset = "veryfast",
                            double crossfade_s = 0.05);

}  // namespace reelscale::media
