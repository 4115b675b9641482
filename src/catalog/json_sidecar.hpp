#pragma once
/// @file json_sidecar.hpp
/// Per-asset JSON sidecars (out_dir/assets/<id>.json): everything in an
/// AssetRecord except the per-frame series. Schema: docs/catalog.md.
///
/// Strings that are not valid UTF-8 (paths and error messages may hold any
/// bytes) are written with each invalid byte replaced by U+FFFD, so the JSON
/// object can always be dumped; `path` and `error` additionally get
/// `path_bytes_hex` / `error_bytes_hex` (lower-case hex of the raw bytes) so
/// that asset_from_json restores them exactly.

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "record/asset_record.hpp"
#include "util/hex.hpp"
#include "util/utf8.hpp"

namespace reelscale::catalog {

/// Sidecar schema version, stored as "schema_version".
inline constexpr int kJsonSchemaVersion = 1;

// UTF-8 and hex helpers of the sidecar format live in util/ (one implementation each).
using util::from_hex;
using util::is_valid_utf8;
using util::sanitize_utf8;
using util::to_hex;

/// Container metadata as JSON: container, container_long, duration_s (seconds),
/// bit_rate (bits/s), timecode, streams (array of objects, one key per StreamInfo field).
nlohmann::json technical_to_json(const TechnicalMetadata& tech);

/// Inverse of technical_to_json; missing keys keep their defaults.
/// @throws nlohmann::json::exception on wrongly typed values.
TechnicalMetadata technical_from_json(const nlohmann::json& j);

/// The sidecar object of `rec` (no per-frame series; `wall_s` included).
/// Always dumpable with the default (strict) error handler.
nlohmann::json to_json(const AssetRecord& rec);

/// Inverse of to_json: rebuilds the record (series left empty). Restores raw
/// path/error bytes from *_bytes_hex when present; JSON null numbers read as NaN.
/// @throws nlohmann::json::exception on missing required keys (id, path, status)
///         or wrong types; std::invalid_argument on an unknown status or bad hex.
AssetRecord asset_from_json(const nlohmann::json& j);

/// Writes out_dir/assets/<id>.json atomically: a temporary file in the same
/// folder, fsync, then rename over the target. Creates out_dir/assets if needed.
/// @throws std::invalid_argument on an empty or path-like id;
///         std::runtime_error (naming the file) on any I/O failure.
void write_json_sidecar(const std::filesystem::path& out_dir, const AssetRecord& rec);

/// Reads and parses out_dir/assets/<id>.json written by write_json_sidecar.
/// @throws std::runtime_error naming the file when it cannot be read or parsed.
AssetRecord read_json_sidecar(const std::filesystem::path& out_dir, const std::string& id);

}  // namespace reelscale::catalog
