#pragma once
/// @file scene_groups.hpp
/// HDF5 side of the scene-stage catalog output (catalog/scene_catalog.hpp has the
/// sidecar side and the catalog-level readers). Catalog-internal; callers must hold
/// h5::library_mutex().

#include <filesystem>
#include <string>
#include <utility>

#include "catalog/detail/hdf5_io.hpp"
#include "record/asset_record.hpp"

namespace reelscale::catalog {

namespace schema {

/// Writes below `asset`: compound dataset `scenes` (start_frame, end_frame,
/// first_shot, last_shot, keyframe [int64 frames], start_s, end_s [s]) and
/// group `embeddings` (attributes dim, method, embedder [the canonical
/// embedder spec, scenes/embedder_spec.hpp]; datasets `frames` [int64, n]:
/// frame index of each row, `frame_vectors` [float32, n x dim] and
/// `scene_vectors` [float32, scenes x dim], rows L2-normalised).
void write_scene_groups(const h5::Loc& asset, const AssetRecord& rec);

/// Reads what write_scene_groups wrote; absent objects (older catalogs) leave the defaults.
void read_scene_groups(const h5::Loc& asset, AssetRecord& rec);

/// The embedder of one asset group: spec and dimension from its `embeddings`
/// attributes ({"", 0} when it has no embeddings; "gist" for catalogs written
/// before the attribute existed).
std::pair<std::string, int> read_asset_embedder(const h5::Loc& asset);

/// Tracks the embedder of the assets written into one catalog: every asset
/// with embeddings must have the same spec and dimension.
class EmbedderTracker {
 public:
  /// Records asset `id`'s embedder (`dim` 0 = none, ignored).
  /// @throws std::runtime_error naming `file`, both assets, specs and
  ///         dimensions when it differs from an earlier asset's.
  void add(const std::filesystem::path& file, const std::string& id, const std::string& spec, int dim);
  /// Writes the root attributes `embedder` and `embedding_dim` (nothing when no asset had embeddings).
  void write_root_attrs(const h5::Loc& root) const;

 private:
  std::string spec_, first_id_;
  int dim_ = 0;
};

}  // namespace schema

}  // namespace reelscale::catalog
