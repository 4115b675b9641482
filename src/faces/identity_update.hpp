#pragma once
/// @file identity_update.hpp
/// The post-merge step of a run: the per-asset "faces" tables (from the catalog) join the
/// archive's identities in OUT/faces/ incrementally, and OUT/index/faces.faiss is rewritten.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "faces/identity_store.hpp"
#include "record/table.hpp"

namespace reelscale::faces {

/// Tracks of one asset's "faces" table (track, start_frame, end_frame, embedding).
/// @throws std::out_of_range / std::bad_variant_access when the table lacks those columns.
std::vector<FaceTrack> tracks_from_table(const record::Table& t);

/// What update_identities did.
struct IdentityUpdate {
  std::size_t assets = 0, tracks = 0, assigned = 0, identities = 0;
  std::size_t exemplars = 0, sidecars = 0;  ///< exemplar JPEGs written, sidecars updated
};

/// Replaces the tracks of each (asset id, faces table) in OUT/faces/identities.json, assigns
/// identities to the new tracks (never reclustering the rest), saves, rewrites the index and
/// publishes (identity_publish.hpp: catalog archive tables, sidecars, exemplar JPEGs).
/// @throws std::runtime_error naming the file on I/O errors.
IdentityUpdate update_identities(const std::filesystem::path& out,
                                 const std::vector<std::pair<std::string, record::Table>>& tables);

}  // namespace reelscale::faces
