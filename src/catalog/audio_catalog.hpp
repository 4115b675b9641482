#pragma once
/// @file audio_catalog.hpp
/// Catalog output of the audio and ad-break stages (issue 6): the
/// `/assets/<id>/audio/` and `/assets/<id>/ad_breaks/` groups of catalog.h5 and
/// the matching keys of the JSON sidecar. Layout in docs/catalog.md
/// ("Audio and ad breaks"). HDF5 callers must hold h5::library_mutex().

#include <nlohmann/json_fwd.hpp>

#include "catalog/hdf5_io.hpp"
#include "model/asset_record.hpp"

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

namespace schema {

/// Writes groups `audio` (attributes: stream, channels, sample_rate, samples,
/// start_s, decode_errors, warning, series_rate_hz, silence_threshold_lufs and the
/// loudness attributes integrated_lufs [LUFS], lra_lu [LU], true_peak_dbtp [dBTP],
/// sample_peak_dbfs [dBFS]; datasets momentary, short_term [LUFS, float32, 1-D],
/// silences [compound start_s, end_s]) and `ad_breaks` (attributes break_interval_s,
/// break_offset_s; datasets insertion_points [compound frame, time_s, score, mark_s,
/// reasons (comma-separated)], commercial_breaks [compound start_frame, end_frame,
/// start_s, end_s, first_slate, slates], slate_frames [int64, 1-D; break k's slates
/// are rows first_slate .. first_slate + slates - 1]) below `asset`.
void write_audio_groups(const h5::Loc& asset, const AssetRecord& rec);

/// Reads what write_audio_groups wrote; groups that are absent (older catalogs)
/// leave the defaults.
void read_audio_groups(const h5::Loc& asset, AssetRecord& rec);

}  // namespace schema
}  // namespace reelscale::catalog
