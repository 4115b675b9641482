#pragma once
/// @file catalog_reader.hpp
/// Reads catalog.h5 files written by CatalogWriter (layout in docs/catalog.md).
/// All functions throw std::runtime_error naming the file and the object path
/// (plus HDF5's own message) when the file is not HDF5, is not a reelscale
/// catalog (no `schema_version`/`/assets`), or an object is missing/malformed.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog_writer.hpp"
#include "record/asset_record.hpp"
#include "record/table.hpp"

namespace reelscale::catalog {

/// pHash and 16x16 luma thumbnails (`/assets/<id>/frames/phash`, `.../thumb`)
/// of a run of decoded frames, for frame-exact comparisons.
struct FrameSignatures {
  std::int64_t first_frame = 0;      ///< decoded frame index of row 0
  std::vector<std::uint64_t> phash;  ///< 64-bit pHash, one per frame
  std::vector<std::uint8_t> thumb;   ///< kernels::kThumbSide^2 bytes per frame, row-major
  std::size_t size() const { return phash.size(); }
};

/// A catalog file opened read-only; cheaper than the free functions when
/// reading many assets. Movable, not copyable.
class CatalogReader {
 public:
  /// Opens `h5_path` read-only and checks the root attribute `schema_version` (>= 1).
  explicit CatalogReader(const std::filesystem::path& h5_path);
  CatalogReader(CatalogReader&&) noexcept;
  CatalogReader& operator=(CatalogReader&&) noexcept;
  ~CatalogReader();

  /// The `schema_version` root attribute.
  int schema_version() const;
  /// Names of the groups below `/assets`, sorted (byte order).
  std::vector<std::string> asset_ids() const;
  /// True when `/assets/<id>` exists.
  bool has_asset(const std::string& id) const;
  /// Everything written for asset `id`: fixity, technical metadata, status,
  /// counters, shot results; and the per-frame series when `with_frames`
  /// (otherwise `series` is empty).
  AssetRecord read_asset(const std::string& id, bool with_frames = true) const;
  /// Signatures of decoded frames [first, last] of asset `id` (clipped to the
  /// frames stored; empty when the asset has no per-frame series). Reads only
  /// those rows (HDF5 hyperslabs).
  FrameSignatures read_frame_signatures(const std::string& id, std::int64_t first, std::int64_t last) const;
  /// `/assets_table` rows in file order; empty when the table is absent
  /// (writer not closed, e.g. after a crash).
  std::vector<AssetTableRow> read_assets_table() const;
  /// Names of the plug-in tables of asset `id` (record::Table groups below
  /// /assets/<id>, e.g. "faces"), sorted. @throws std::runtime_error when the asset is absent.
  std::vector<std::string> table_names(const std::string& asset_id) const;
  /// Table `name` of asset `id` as written (columns in order, units, widths).
  /// @throws std::runtime_error when the asset or the table is absent.
  record::Table read_table(const std::string& asset_id, const std::string& name) const;
  /// Names of the archive-wide tables (record::Table groups at the root), sorted.
  std::vector<std::string> archive_table_names() const;
  /// Archive-wide table /<name>. @throws std::runtime_error when absent.
  record::Table read_archive_table(const std::string& name) const;

  /// The file being read.
  const std::filesystem::path& path() const;

 private:
  /// Runs fn(loc of /assets/<id>) under the HDF5 lock. @throws std::runtime_error when absent.
  template <class Fn>
  auto with_asset_group(const std::string& asset_id, Fn&& fn) const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Sorted ids of all assets in the catalog at `h5_path`.
std::vector<std::string> list_asset_ids(const std::filesystem::path& h5_path);

/// Reads one asset (see CatalogReader::read_asset).
AssetRecord read_asset(const std::filesystem::path& h5_path, const std::string& id, bool with_frames = true);

/// `/assets_table` of the catalog at `h5_path` (see CatalogReader::read_assets_table).
std::vector<AssetTableRow> read_assets_table(const std::filesystem::path& h5_path);

/// Writes (or replaces) the archive-wide table /<table.name> in the existing catalog
/// `catalog_path` (e.g. OUT/catalog.h5 after the merge: face identities, duplicate
/// groups). Not for use while a CatalogWriter has the file open.
/// @throws std::invalid_argument for a name the catalog uses itself (assets, index...);
///         std::runtime_error naming the file on failure.
void write_archive_table(const std::filesystem::path& catalog_path, const record::Table& table);

/// Reads the archive-wide table /<name> of `catalog_path`. @throws std::runtime_error when absent.
record::Table read_archive_table(const std::filesystem::path& catalog_path, const std::string& name);

/// Copies asset `id` from catalog `src_h5_path` into `dst` with H5Ocopy
/// (same as dst.copy_asset_from(src_h5_path, id)).
void copy_asset(const std::filesystem::path& src_h5_path, const std::string& id, CatalogWriter& dst);

}  // namespace reelscale::catalog
