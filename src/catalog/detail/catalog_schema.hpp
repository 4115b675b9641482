#pragma once
/// @file catalog_schema.hpp
/// Internal: the catalog.h5 layout (docs/catalog.md), shared by CatalogWriter
/// and CatalogReader. Callers must hold h5::library_mutex().

#include <string>
#include <vector>

#include "catalog/catalog_writer.hpp"
#include "catalog/detail/hdf5_io.hpp"
#include "record/asset_record.hpp"

namespace reelscale::catalog::schema {

/// Writes group `assets/<rec.id>` with attributes, `frames/` and shot datasets.
/// @throws std::invalid_argument on inconsistent series lengths.
void write_asset_group(const h5::Loc& assets, const AssetRecord& rec);

/// Reads the attributes of an asset group (no series, no shot results).
AssetRecord read_asset_header(const h5::Loc& group);

/// Reads a whole asset group; the series only when `with_frames`.
AssetRecord read_asset_group(const h5::Loc& group, bool with_frames);

/// Writes `/assets_table` below `root`.
void write_assets_table(const h5::Loc& root, const std::vector<AssetTableRow>& rows);

/// Reads `/assets_table` below `root` (must exist).
std::vector<AssetTableRow> read_assets_table(const h5::Loc& root);

/// Throws std::invalid_argument unless `id` is usable as an HDF5 link name.
void check_asset_id(const std::string& id);

}  // namespace reelscale::catalog::schema
