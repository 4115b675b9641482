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

#include "model/asset_record.hpp"

namespace reelscale::catalog {

/// Sidecar schema version, stored as "schema_version".
inline constexpr int kJsonSchemaVersion = 1;

/// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
bool is_valid_utf8(std::string_view s);

/// `s` with every invalid UTF-8 byte replaced by U+FFFD (valid input is returned unchanged).
std::string sanitize_utf8(std::string_view s);

/// Lower-case hex of the bytes of `s`.
std::string to_hex(std::string_view s);

/// Inverse of to_hex. @throws std::invalid_argument on odd length or a non-hex digit.
std::string from_hex(std::string_view hex);

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
