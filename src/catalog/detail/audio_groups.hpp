#pragma once
/// @file audio_groups.hpp
/// HDF5 side of the audio and ad-break catalog output (catalog/audio_catalog.hpp has
/// the sidecar side). Catalog-internal; callers must hold h5::library_mutex().

#include "catalog/detail/hdf5_io.hpp"
#include "record/asset_record.hpp"

namespace reelscale::catalog {

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
