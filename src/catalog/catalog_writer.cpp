#include "catalog/catalog_writer.hpp"
#include "catalog/detail/audio_groups.hpp"
#include "catalog/detail/scene_groups.hpp"

#include <exception>
#include <mutex>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "catalog/detail/catalog_schema.hpp"
#include "catalog/detail/hdf5_io.hpp"
#include "catalog/scene_catalog.hpp"

namespace reelscale::catalog {

AssetTableRow AssetTableRow::from_record(const AssetRecord& rec) {
  AssetTableRow r;
  r.id = rec.id;
  r.path = rec.path;
  r.size = rec.fixity.size;
  r.mtime_ns = rec.fixity.mtime_ns;
  r.md5 = rec.fixity.md5;
  r.sha256 = rec.fixity.sha256;
  r.status = to_string(rec.status);
  r.error = rec.error;
  r.frames = rec.frames;
  r.duration_s = rec.duration_s;
  r.container = rec.tech.container;
  r.fps = rec.fps;
  for (const StreamInfo& s : rec.tech.streams) {
    if (s.index == rec.video_stream && rec.video_stream >= 0) {
      r.video_codec = s.codec;
      r.width = s.width;
      r.height = s.height;
      break;
    }
  }
  return r;
}

struct CatalogWriter::Impl {
  std::filesystem::path path;
  h5::File file;
  h5::Group assets;
  std::vector<AssetTableRow> rows;
  schema::EmbedderTracker embedders;  ///< one embedder per catalog (root attributes embedder, embedding_dim)

  h5::Loc root() const { return {file.get(), &path, "/"}; }
  h5::Loc assets_loc() const { return {assets.get(), &path, "/assets"}; }

  void flush() { h5::check_status(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "flush", path, "/"); }
};

CatalogWriter::CatalogWriter(const std::filesystem::path& h5_path) : impl_(std::make_unique<Impl>()) {
  h5::disable_auto_print();
  std::lock_guard lock(h5::library_mutex());
  impl_->path = h5_path;
  impl_->file = h5::File(
      h5::check_id(H5Fcreate(h5_path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "create file", h5_path, ""));
  h5::write_attr<std::int32_t>(impl_->root(), "schema_version", kSchemaVersion);
  impl_->assets = h5::create_group(impl_->root(), "assets");
  impl_->flush();
}

CatalogWriter::CatalogWriter(CatalogWriter&&) noexcept = default;
CatalogWriter& CatalogWriter::operator=(CatalogWriter&& other) noexcept {
  if (this != &other) {
    try {
      close();
    } catch (const std::exception& e) {
      spdlog::error("catalog: closing {} failed: {}", impl_->path.string(), e.what());
    }
    impl_ = std::move(other.impl_);
  }
  return *this;
}

CatalogWriter::~CatalogWriter() {
  if (!impl_) return;
  try {
    close();
  } catch (const std::exception& e) {
    spdlog::error("catalog: closing {} failed: {}", impl_->path.string(), e.what());
  }
}

namespace {
[[noreturn]] void throw_closed(const std::filesystem::path& p) {
  throw std::runtime_error("catalog writer for '" + p.string() + "' is closed");
}
}  // namespace

void CatalogWriter::write_asset(const AssetRecord& rec) {
  if (!impl_) throw std::runtime_error("catalog writer was moved from");
  schema::check_asset_id(rec.id);
  std::lock_guard lock(h5::library_mutex());
  if (!impl_->file) throw_closed(impl_->path);
  const h5::Loc assets = impl_->assets_loc();
  if (h5::link_exists(assets, rec.id))
    throw std::runtime_error("catalog '" + impl_->path.string() + "' already holds asset '" + rec.id + "'");
  impl_->embedders.add(impl_->path, rec.id, rec.scenes.embedder, rec.scenes.embedding_dim);
  try {
    schema::write_asset_group(assets, rec);
  } catch (...) {
    // Do not leave a half-written asset behind (best effort).
    if (H5Lexists(assets.id, rec.id.c_str(), H5P_DEFAULT) > 0) H5Ldelete(assets.id, rec.id.c_str(), H5P_DEFAULT);
    H5Eclear2(H5E_DEFAULT);
    throw;
  }
  impl_->flush();
  impl_->rows.push_back(AssetTableRow::from_record(rec));
}

void CatalogWriter::copy_asset_from(const std::filesystem::path& shard, const std::string& id) {
  if (!impl_) throw std::runtime_error("catalog writer was moved from");
  schema::check_asset_id(id);
  h5::disable_auto_print();
  std::lock_guard lock(h5::library_mutex());
  if (!impl_->file) throw_closed(impl_->path);
  const h5::Loc assets = impl_->assets_loc();
  const std::string obj = "/assets/" + id;
  if (h5::link_exists(assets, id))
    throw std::runtime_error("catalog '" + impl_->path.string() + "' already holds asset '" + id + "'");

  h5::File src(h5::check_id(H5Fopen(shard.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open file", shard, ""));
  const h5::Loc src_root{src.get(), &shard, "/"};
  if (!h5::link_exists(src_root, "assets") || !h5::link_exists(src_root, "assets/" + id))
    throw std::runtime_error("catalog '" + shard.string() + "' has no asset '" + obj + "'");
  {
    h5::Group sg = h5::open_group(src_root, "assets/" + id);
    const auto [spec, dim] = schema::read_asset_embedder(h5::Loc{sg.get(), &shard, obj});
    impl_->embedders.add(impl_->path, id, spec, dim);
  }
  h5::check_status(H5Ocopy(src.get(), obj.c_str(), impl_->file.get(), obj.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                   "copy asset " + obj + " from '" + shard.string() + "' as", impl_->path, obj);
  AssetRecord header;
  {
    h5::Group g = h5::open_group(assets, id);
    header = schema::read_asset_header(h5::Loc{g.get(), &impl_->path, obj});
  }
  impl_->flush();
  impl_->rows.push_back(AssetTableRow::from_record(header));
}

std::vector<std::string> CatalogWriter::asset_ids() const {
  std::vector<std::string> out;
  if (!impl_) return out;
  out.reserve(impl_->rows.size());
  for (const AssetTableRow& r : impl_->rows) out.push_back(r.id);
  return out;
}

void CatalogWriter::close() {
  if (!impl_) return;
  std::lock_guard lock(h5::library_mutex());
  if (!impl_->file) return;
  // Always release the file, even when the table cannot be written.
  std::exception_ptr err;
  try {
    impl_->embedders.write_root_attrs(impl_->root());
    schema::write_assets_table(impl_->root(), impl_->rows);
  } catch (...) {
    err = std::current_exception();
  }
  impl_->assets.reset();
  try {
    impl_->file.close(impl_->path, "/");
  } catch (...) {
    if (!err) err = std::current_exception();
  }
  if (err) std::rethrow_exception(err);
}

const std::filesystem::path& CatalogWriter::path() const {
  if (!impl_) throw std::runtime_error("catalog writer was moved from");
  return impl_->path;
}

}  // namespace reelscale::catalog
