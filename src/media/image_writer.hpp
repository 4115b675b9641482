#pragma once
/// @file image_writer.hpp
/// Still images from a second, targeted read: seek to each requested time,
/// decode forward to the frame, scale to a width (square pixels, display aspect
/// kept, even height) and encode WebP (libavcodec's libwebp encoder) or, when
/// that encoder is missing or fails, JPEG (libavcodec's mjpeg).

#include <filesystem>
#include <string>
#include <vector>

namespace reelscale::media {

/// One image to write.
struct ImageRequest {
  double pts_s = 0;                 ///< presentation time from the first frame, seconds
  int width = 320;                  ///< output width in pixels (never wider than the display width)
  std::filesystem::path path;       ///< without extension: ".webp" or ".jpg" is appended
};

/// What was written for one request.
struct ImageResult {
  std::filesystem::path path;       ///< with extension; empty on failure
  std::string format;               ///< "webp" | "jpeg"
  int width = 0, height = 0;
  std::string error;                ///< non-empty: nothing written
};

/// Writes every request from one open of `file` (requests are served in time order;
/// forward decoding is used instead of a seek when the next time is < 5 s ahead).
/// `prefer` is "webp" or "jpeg". Files are written as <name>.part then renamed.
/// @throws MediaError when the file cannot be opened or has no video stream.
std::vector<ImageResult> write_images(const std::filesystem::path& file, const std::vector<ImageRequest>& requests,
                                      const std::string& prefer = "webp");

}  // namespace reelscale::media
