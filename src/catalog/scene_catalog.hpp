#pragma once
/// @file scene_catalog.hpp
/// Catalog output of the scene stage (issue 5): `/assets/<id>/scenes` and
/// `/assets/<id>/embeddings/` in catalog.h5, and the sidecar's "scenes" key.
/// Layout in docs/catalog.md ("Scenes and embeddings").

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "record/asset_record.hpp"

namespace reelscale::catalog {

/// Adds "scenes": [{"start", "end", "keyframe", "start_s", "end_s",
/// "first_shot", "last_shot"}] (0-based inclusive frames) to a sidecar object.
void add_scenes_json(nlohmann::json& j, const AssetRecord& rec);

/// Inverse of add_scenes_json (embeddings are not in the sidecar); an absent key leaves none.
void read_scenes_json(const nlohmann::json& j, AssetRecord& rec);

/// The embedder of a whole catalog.
struct CatalogEmbedder {
  std::string spec;        ///< canonical embedder spec; empty when no asset has embeddings
  int dim = 0;             ///< floats per vector; 0 when none
  std::size_t assets = 0;  ///< assets with embeddings
  int analysis_width = 256;  ///< grey analysis image width (px) of the embedded assets (256 when not recorded)
};

/// Reads the embedder attributes of every asset in `h5_path` (attributes only,
/// cheap) and checks they agree (and with the root attributes `embedder`/
/// `embedding_dim` when present). Used before indexing and by `query --image`.
/// @throws std::runtime_error naming the file and two disagreeing assets when
///         the catalog mixes embedders or dimensions, or when it cannot be read.
CatalogEmbedder read_catalog_embedder(const std::filesystem::path& h5_path);

/// One row of an index id map: Faiss id = row number.
struct IndexMapRow {
  std::string asset_id;
  std::int64_t scene = 0;   ///< 0-based scene number within the asset
  std::int64_t frame = -1;  ///< frame index (frames map), -1 in the scenes map
};

/// Writes `/index/scenes` and `/index/frames` (compound: asset_id, scene, frame)
/// into the existing catalog `h5_path` (opened read-write; an older `/index` is
/// replaced). Row i is Faiss id i of OUT/index/scenes.faiss / frames.faiss.
/// @throws std::runtime_error naming the file on failure.
void write_index_maps(const std::filesystem::path& h5_path, const std::vector<IndexMapRow>& scenes,
                      const std::vector<IndexMapRow>& frames);

/// Reads one map ("scenes" or "frames") written by write_index_maps.
/// @throws std::runtime_error when absent or malformed.
std::vector<IndexMapRow> read_index_map(const std::filesystem::path& h5_path, const std::string& which);

}  // namespace reelscale::catalog
