#pragma once
/// @file frame_match.hpp
/// Frame-exact verification for query by image: is the image one of an
/// asset's decoded frames, and which one?
///
/// The appearance embedding ranks scenes by similarity, but the same footage
/// re-used in several assets (a stock shot, a repeated report, a re-encode)
/// gives near-equal scores everywhere it appears. This stage compares the
/// image's pHash and 16x16 luma thumbnail, computed exactly as the pipeline
/// computes its per-frame measures, with every stored frame of a candidate
/// scene: a duplicate is a frame within a few grey levels (mean absolute
/// difference) and a few pHash bits. It is the verification step of
/// near-duplicate retrieval (e.g. Wu, Hauptmann & Ngo 2007, "Practical
/// elimination of near-duplicates from web video search": global signature
/// first, then a finer per-frame check).

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>

#include "reelscale/kernels/frame_kernels.hpp"

namespace cv {
class Mat;
}

namespace reelscale::search {

/// A still image reduced like a decoded frame: grey (ITU-R BT.601 weights),
/// area-averaged to the catalog's analysis width (default 256 px; display aspect kept), then to 32x32, from
/// which the 64-bit pHash (kernels::phash64) and the 16x16 thumbnail
/// (kernels::luma_thumbnail) are taken. `width`/`height` are the image's pixels.
struct ImageSignature {
  std::uint64_t phash = 0;
  std::array<std::uint8_t, kernels::kThumbSide * kernels::kThumbSide> thumb{};
  int width = 0, height = 0;
};

/// Signature of a BGR 8-bit image, reduced through a grey image `analysis_width` px wide
/// (the catalog's `analysis_width`, as the pipeline measured its frames).
/// @throws std::invalid_argument on an empty or non-CV_8UC3 image or a width < 32.
ImageSignature image_signature(const cv::Mat& bgr, int analysis_width = 256);

/// Reads `file` with OpenCV (colour) and computes its signature.
/// @throws std::runtime_error naming the file when it cannot be read.
ImageSignature image_signature_file(const std::filesystem::path& file);

/// Thresholds for calling a stored frame a duplicate of the image.
struct FrameMatchOptions {
  /// Largest thumbnail distance (mean |a-b| / 255 over 16x16): 0.02 is ~5 grey
  /// levels. Measured on the dev corpus: the query's own frame 0.0004-0.002
  /// whatever the codec, the nearest frame of a different shot >= 0.06.
  float max_thumb_distance = 0.02f;
  /// Largest pHash Hamming distance (of 64 bits); the own frame measured 0-1.
  int max_phash_distance = 12;
};

/// The stored frame closest to the image.
struct FrameMatch {
  std::int64_t frame = -1;     ///< decoded frame index, -1 when no frames were given
  float thumb_distance = 1.f;  ///< 0..1, see FrameMatchOptions
  int phash_distance = 64;     ///< bits
  /// True when both distances are within `o`.
  bool duplicate(const FrameMatchOptions& o = {}) const {
    return frame >= 0 && thumb_distance <= o.max_thumb_distance && phash_distance <= o.max_phash_distance;
  }
};

/// Best match of `image` among consecutive stored frames: pHash values
/// `phash` (one per frame) and thumbnails `thumbs` (kThumbSide^2 bytes per
/// frame), row 0 being decoded frame `first_frame`. The smallest thumbnail
/// distance wins; ties go to the earlier frame.
/// @throws std::invalid_argument if `thumbs` does not hold one thumbnail per pHash.
FrameMatch best_frame_match(const ImageSignature& image, std::span<const std::uint64_t> phash,
                            std::span<const std::uint8_t> thumbs, std::int64_t first_frame);

}  // namespace reelscale::search
