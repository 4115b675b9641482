#pragma once
/// @file shard.hpp
/// One rank's shard for one run attempt: OUT/shards/rank-K.attempt-M.h5,
/// written as "<name>.partial" and renamed when closed. Created lazily on the
/// first asset, so a rank that got no work leaves no file.

#include <filesystem>
#include <memory>
#include <string>

#include "record/asset_record.hpp"

namespace reelscale::catalog {
class CatalogWriter;
}

namespace reelscale::run {

class ShardWriter {
 public:
  ShardWriter(std::filesystem::path out, int rank, int attempt);
  ShardWriter(const ShardWriter&) = delete;
  ShardWriter& operator=(const ShardWriter&) = delete;
  ~ShardWriter();

  /// Writes the record (CatalogWriter::write_asset flushes the HDF5 file) and
  /// fsync()s the shard, so the record survives the process and the node.
  /// When the full record cannot be written (e.g. inconsistent series), an error
  /// record without series is written instead and returned through `rec`.
  /// @throws std::runtime_error when even that fails (the shard is unusable).
  void write(AssetRecord& rec);

  /// Closes the shard (writes its /assets_table) and renames it to its final name.
  /// @return that final path; empty when no asset was written (no file) or already closed.
  std::filesystem::path close();

  /// layout::shard_name(rank, attempt)
  const std::string& name() const { return name_; }

 private:
  std::filesystem::path out_, partial_, final_;
  std::string name_;
  std::unique_ptr<catalog::CatalogWriter> writer_;
};

}  // namespace reelscale::run
