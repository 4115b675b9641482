#pragma once
/// @file face_lookup.hpp
/// Where a person appears: `reelscale query OUT --face NAME|IMAGE` (and `reelscale faces
/// OUT --face NAME`). A NAME matches tagged identities (case-insensitive, whole name); an
/// IMAGE file is described (its largest face) and matched to the nearest identity (mean
/// distance < the store's threshold, 0.6). Appearances come from OUT/faces/ and the
/// catalog: asset, path, track, frames (0-based, inclusive), seconds (frames / fps) and the
/// scenes the track overlaps.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace reelscale::faces {

/// `{"query", "identities": [{"id", "name", "exemplar", "distance"?, "appearances": [{"asset",
/// "path", "track", "start", "end", "start_s", "end_s", "scenes": [n...]}]}]}`.
/// `models`: model folder for an image query (empty: default search).
/// @throws std::invalid_argument when an image query has no models or the image is unreadable.
nlohmann::json lookup_face(const std::filesystem::path& out, const std::string& name_or_image,
                           const std::string& models = {});

/// Prints a lookup_face result (JSON with `json`, else one line per appearance).
/// Returns 0 when some identity matched, 1 otherwise.
int print_face_lookup(const nlohmann::json& r, bool json);

}  // namespace reelscale::faces
