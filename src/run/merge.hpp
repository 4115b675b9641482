#pragma once
/// @file merge.hpp
/// Merging the rank shards into OUT/catalog.h5 (also `reelscale merge OUT`).
///
/// Sources are the journals, not the shard contents: a journal line is written
/// only once its record is safely in its shard, whereas a shard of a killed rank
/// can hold a half-written group. For every asset id the newest journalled record
/// that can be read back is taken (run::completed_assets), restricted to the
/// paths of OUT/manifest.jsonl when it exists (files dropped from the archive
/// since an earlier attempt stay out). Each group is copied whole with H5Ocopy
/// (CatalogWriter::copy_asset_from), so catalog.h5 is self-contained: the shards
/// may be deleted afterwards. The file is written as catalog.h5.partial and
/// renamed, so a crash during the merge never leaves a half catalog; rerunning
/// gives the same catalog (assets in path byte order).

#include <cstddef>
#include <filesystem>

namespace reelscale::run {

struct MergeStats {
  std::size_t assets = 0;           ///< assets in catalog.h5
  std::size_t shards = 0;           ///< shard files read
  std::size_t superseded = 0;       ///< journal entries not taken (an asset redone later)
  std::size_t unreadable = 0;       ///< journal entries whose record could not be read back
  std::size_t missing = 0;          ///< manifest files without any usable record
  std::size_t carried = 0;          ///< assets of the replaced catalog found in no shard, copied over
  std::size_t not_in_manifest = 0;  ///< journalled assets left out (no longer in the manifest)
  double seconds = 0;               ///< wall time of the merge
  std::uint64_t bytes = 0;          ///< size of catalog.h5
};

/// Builds OUT/catalog.h5. @throws std::runtime_error on an I/O or HDF5 failure.
MergeStats merge_catalog(const std::filesystem::path& out);

}  // namespace reelscale::run
