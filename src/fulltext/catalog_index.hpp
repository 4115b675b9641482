#pragma once
/// @file catalog_index.hpp
/// The post-merge step that builds OUT/index/fulltext.sqlite from every asset of
/// OUT/catalog.h5: its on-screen text table ("text"), its transcript (table "transcript"
/// written by the speech stage) and its face identities (tables "identities" / "faces"
/// with a name column), whichever exist.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "record/table.hpp"

namespace reelscale::fulltext {

/// Reads table `name` of asset `id`; nullopt when the asset has none.
using TableSource = std::function<std::optional<record::Table>(const std::string& id, const std::string& name)>;

}  // namespace reelscale::fulltext
namespace reelscale::catalog {
class CatalogReader;
}
namespace reelscale::fulltext {

/// Tables of the catalog `reader` (CatalogReader::read_table), else `fallback`'s. The
/// reader must outlive the source.
TableSource catalog_table_source(const catalog::CatalogReader& reader, TableSource fallback = {});

/// What the build did.
struct IndexBuildStats {
  std::size_t assets = 0, rows = 0, text_rows = 0, speech_rows = 0, name_rows = 0;
};

/// Builds the index of `out_dir` (assets of `out_dir/catalog.h5`; tables from `tables`, by
/// default the catalog's per-asset tables, else the sidecars' arrays; plus the archive-wide
/// identity tables /identities or /face_identities when they have an asset column). Replaces an older index atomically.
/// @throws std::runtime_error naming the file on catalog or SQLite errors.
IndexBuildStats build_fulltext_index(const std::filesystem::path& out_dir, TableSource tables = {});

/// build_fulltext_index(out_dir) for the end of `run` and `merge`: logs the counts, or the
/// error (the run goes on; `reelscale search OUT words --reindex` retries). Never throws.
void build_fulltext_index_logged(const std::filesystem::path& out_dir);

}  // namespace reelscale::fulltext
