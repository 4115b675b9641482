#pragma once
/// @file output_entry.hpp
/// One produced media file as listed in the sidecar's "outputs" array.

#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "record/table.hpp"

namespace reelscale::outputs {

/// {"kind","path","width","height","bit_rate","duration_s","loudness_lufs"}; path relative to OUT.
struct OutputEntry {
  std::string kind;              ///< "rendition" | "thumbnail" | "poster" | "preview" | "hls" | "dash"
  std::string path;              ///< relative to OUT, '/' separated
  int width = 0, height = 0;     ///< pixels
  double bit_rate = 0;           ///< bits/s of the whole file (0 for images)
  double duration_s = 0;         ///< seconds (0 for images)
  double loudness_lufs = NAN;    ///< integrated loudness of the audio (first-pass measure + gain), NaN = none
  std::string format;            ///< "mp4", "webp", "jpeg"
  double pts_s = NAN;            ///< images: time of the frame in the programme
};

/// The sidecar array (NaN fields as null).
nlohmann::json outputs_to_json(const std::vector<OutputEntry>& entries);
/// The catalog table `/assets/<id>/outputs`: one row per produced file, columns kind, path,
/// format (strings), width, height (px), bit_rate (bit/s), duration_s (s), loudness_lufs
/// (LUFS, NaN = none) and pts_s (s, images only, else NaN).
record::Table outputs_table(const std::vector<OutputEntry>& entries);
/// Inverse of outputs_to_json. @throws nlohmann::json::exception on wrong types.
std::vector<OutputEntry> outputs_from_json(const nlohmann::json& j);

}  // namespace reelscale::outputs
