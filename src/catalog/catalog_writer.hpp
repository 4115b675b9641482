#pragma once
/// @file catalog_writer.hpp
/// Writes catalog.h5 (HDF5, schema_version 1; layout in docs/catalog.md).
/// No HDF5 types leak through this header.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "record/asset_record.hpp"

namespace reelscale::catalog {

/// Catalog schema version, stored as the root attribute `schema_version`.
inline constexpr int kSchemaVersion = 1;

/// One row of the top-level `/assets_table` compound dataset.
struct AssetTableRow {
  std::string id;
  std::string path;                    ///< raw bytes as walked
  std::uint64_t size = 0;              ///< bytes
  std::int64_t mtime_ns = 0;           ///< ns since the Unix epoch
  std::string md5, sha256;             ///< lower-case hex
  std::string status;                  ///< "ok" | "damaged" | "error"
  std::string error;                   ///< raw bytes, empty when ok
  std::int64_t frames = 0;             ///< decoded video frames
  double duration_s = 0;               ///< seconds of media
  std::string container;               ///< libavformat short name(s)
  std::string video_codec;             ///< codec of the analysed video stream, "" if none
  std::int32_t width = 0, height = 0;  ///< of the analysed video stream, 0 if none
  double fps = 0;                      ///< frames per second of the analysed stream

  /// The table row of `rec` (video codec/size from the stream whose index is rec.video_stream).
  static AssetTableRow from_record(const AssetRecord& rec);
};

/// Writes one catalog.h5. Not copyable; movable. All methods are thread-safe
/// with respect to other catalog code (a process-wide HDF5 lock), but one
/// writer should be fed from one thread.
///
/// Crash safety: the file is flushed (H5Fflush) after every asset, so a crash
/// leaves all earlier assets readable; only `/assets_table` (written by close())
/// is then missing.
class CatalogWriter {
 public:
  /// Creates `h5_path`, truncating any existing file, with `/assets` and the root
  /// attribute `schema_version` = 1.
  /// @throws std::runtime_error naming the file (and HDF5's message) on failure.
  explicit CatalogWriter(const std::filesystem::path& h5_path);
  CatalogWriter(const CatalogWriter&) = delete;
  CatalogWriter& operator=(const CatalogWriter&) = delete;
  CatalogWriter(CatalogWriter&&) noexcept;
  CatalogWriter& operator=(CatalogWriter&&) noexcept;
  /// Calls close(); errors are logged (spdlog) and swallowed.
  ~CatalogWriter();

  /// Writes `/assets/<rec.id>` (attributes, `frames/` series, shot datasets),
  /// flushes the file and remembers the table row. A failed write removes the
  /// partial group before rethrowing.
  /// @throws std::invalid_argument on an empty/path-like id, or series columns
  ///         whose lengths disagree (all columns: pts_s.size() rows; hsv_hist
  ///         rows*128, thumb rows*256);
  ///         std::runtime_error on a duplicate id, a closed writer or an HDF5 failure.
  void write_asset(const AssetRecord& rec);

  /// Copies group `/assets/<id>` from another catalog file (e.g. a cluster shard)
  /// with H5Ocopy, then reads its attributes for the `/assets_table` row, and flushes.
  /// @throws std::runtime_error naming the file/object when the source cannot be
  ///         opened, the asset is missing, or the id already exists here.
  void copy_asset_from(const std::filesystem::path& shard, const std::string& id);

  /// Ids written or copied so far, in order.
  std::vector<std::string> asset_ids() const;

  /// Writes `/assets_table` (one row per asset, in write order) and closes the
  /// file. Idempotent. @throws std::runtime_error on HDF5 failure.
  void close();

  /// The file being written.
  const std::filesystem::path& path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace reelscale::catalog
