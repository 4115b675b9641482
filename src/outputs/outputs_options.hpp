#pragma once
/// @file outputs_options.hpp
/// What `--outputs` / the job spec's "outputs" section asks for.

#include <string>
#include <vector>

#include "outputs/ladder_plan.hpp"
#include "outputs/loudness_normaliser.hpp"

namespace reelscale::outputs {

/// Media outputs of one run (issue 14). Defaults: 1080/720/480 H.264 CRF 23 veryfast,
/// 2 s GOP + IDR at cuts, AAC 128 kb/s at -23 LUFS / -1 dBTP, 10 WebP thumbnails
/// 320 px wide + poster, 30 s preview from the smallest rung.
struct OutputsOptions {
  bool enabled = false;
  std::vector<RungSpec> rungs = default_rungs();
  EncoderSettings encoder;
  bool normalise_audio = true;
  LoudnessTarget loudness;
  int thumbnails = 10;           ///< at least this many for programmes >= 30 s
  int thumbnail_width = 320;     ///< pixels; poster at poster_width
  int poster_width = 1280;
  std::string image_format = "webp";  ///< "webp" (JPEG when libwebp is absent) or "jpeg"
  double preview_s = 30;         ///< 0 = no preview
  bool hls = false;              ///< HLS packaging of the ladder (outputs/<id>/hls/master.m3u8)
  double hls_segment_s = 4;      ///< target segment length (cut at the next keyframe)
  bool dash = false;             ///< MPEG-DASH packaging of the ladder (outputs/<id>/dash/manifest.mpd)
  double dash_segment_s = 4;     ///< target segment length (cut at the next keyframe)
};

}  // namespace reelscale::outputs
