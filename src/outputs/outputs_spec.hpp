#pragma once
/// @file outputs_spec.hpp
/// The job spec's "outputs" section, e.g.
///   "outputs": {"rungs": [1080, 720, {"height": 480, "bit_rate": 900000}], "crf": 23,
///               "preset": "veryfast", "gop_s": 2, "keyframe_at_cuts": true,
///               "audio_bit_rate": 128000, "loudness_lufs": -23, "true_peak_dbtp": -1,
///               "normalise_audio": true, "thumbnails": 10, "thumbnail_width": 320,
///               "poster_width": 1280, "image_format": "webp", "preview_s": 30,
///               "hls": false, "hls_segment_s": 4}
/// Every key is optional; the section's presence enables outputs unless "enabled": false.

#include <nlohmann/json.hpp>

#include "outputs/outputs_options.hpp"

namespace reelscale::outputs {

/// Parses the section over `base` (defaults). @throws std::invalid_argument naming the bad key.
OutputsOptions outputs_options_from_json(const nlohmann::json& j, OutputsOptions base = {});

}  // namespace reelscale::outputs
