#pragma once
/// @file audio_catalog.hpp
/// Catalog output of the audio and ad-break stages (issue 6): the
/// `/assets/<id>/audio/` and `/assets/<id>/ad_breaks/` groups of catalog.h5 and
/// the matching keys of the JSON sidecar. Layout in docs/catalog.md
/// ("Audio and ad breaks").

#include <nlohmann/json_fwd.hpp>

#include "record/asset_record.hpp"

namespace reelscale::catalog {

/// Adds "audio", "loudness" {integrated_lufs, lra_lu, true_peak_dbtp, sample_peak_dbfs},
/// "silences" [{start_s, end_s}], "ad_breaks" {break_interval_s, break_offset_s},
/// "insertion_points" [{frame, time_s, score, mark_s, reasons}] and
/// "commercial_breaks" [{start, end, start_s, end_s, slates}] to a sidecar object.
/// The loudness series are not in the sidecar (catalog.h5 only).
void add_audio_json(nlohmann::json& j, const AssetRecord& rec);

/// Inverse of add_audio_json; absent keys leave the defaults.
/// @throws nlohmann::json::exception on wrongly typed values.
void read_audio_json(const nlohmann::json& j, AssetRecord& rec);

}  // namespace reelscale::catalog
