#include "run/shard.hpp"

#include <stdexcept>

#include <spdlog/spdlog.h>

#include "catalog/catalog_writer.hpp"
#include "run/out_guard.hpp"
#include "run/out_layout.hpp"

namespace reelscale::run {
namespace fs = std::filesystem;

ShardWriter::ShardWriter(fs::path out, int rank, int attempt)
    : out_(std::move(out)), name_(layout::shard_name(rank, attempt)) {
  final_ = layout::shards_dir(out_) / name_;
  partial_ = final_;
  partial_ += layout::kPartialSuffix;
}

ShardWriter::~ShardWriter() {
  try {
    close();
  } catch (const std::exception& e) {
    spdlog::error("closing shard '{}': {}", partial_.string(), e.what());
  }
}

void ShardWriter::write(AssetRecord& rec) {
  if (!writer_) {
    fs::create_directories(partial_.parent_path());
    writer_ = std::make_unique<catalog::CatalogWriter>(partial_);
  }
  try {
    writer_->write_asset(rec);
  } catch (const std::exception& e) {
    if (run::is_disk_full(e))
      throw std::runtime_error("no space left on device while writing shard '" + partial_.string() + "': " + e.what());
    // write_asset removed the partial group; keep what we know as an error record.
    spdlog::warn("asset '{}': full record could not be written ({}); recording the error", rec.path, e.what());
    AssetRecord err;
    err.id = rec.id;
    err.path = rec.path;
    err.fixity = rec.fixity;
    err.tech = rec.tech;
    err.status = AssetStatus::error;
    err.error = std::string("catalog write failed: ") + e.what();
    err.wall_s = rec.wall_s;
    writer_->write_asset(err);
    rec = std::move(err);
  }
  if (!layout::fsync_path(partial_)) throw std::runtime_error("cannot fsync shard '" + partial_.string() + "'");
}

fs::path ShardWriter::close() {
  if (!writer_) return {};
  writer_->close();
  writer_.reset();
  layout::fsync_path(partial_);
  fs::rename(partial_, final_);
  layout::fsync_path(final_.parent_path());
  return final_;
}

}  // namespace reelscale::run
