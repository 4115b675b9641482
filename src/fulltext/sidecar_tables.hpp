#pragma once
/// @file sidecar_tables.hpp
/// Timed text tables read from the per-asset JSON sidecars (OUT/assets/<id>.json), for
/// the full-text index when the catalog holds no such table: "transcript" from
/// sidecar.speech.transcript, "text" from sidecar.text, "identities" from
/// sidecar.faces.identities (or sidecar.identities).

#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "fulltext/catalog_index.hpp"
#include "record/table.hpp"

namespace reelscale::fulltext {

/// A table named `name` from a JSON array of objects: one column per key whose values are
/// all strings (string column) or all numbers (double column) across the objects; arrays
/// (e.g. "box") and mixed keys are left out. nullopt when `a` is not a non-empty array.
std::optional<record::Table> table_from_json_array(const std::string& name, const nlohmann::json& a);

/// TableSource over the sidecars of `out_dir` (missing sidecar or member: nullopt).
TableSource sidecar_table_source(const std::filesystem::path& out_dir);

}  // namespace reelscale::fulltext
