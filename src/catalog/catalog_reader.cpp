#include "catalog/catalog_reader.hpp"
#include "catalog/detail/audio_groups.hpp"
#include "catalog/detail/scene_groups.hpp"

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include "catalog/detail/catalog_schema.hpp"
#include "catalog/detail/hdf5_io.hpp"
#include "catalog/detail/table_io.hpp"
#include "reelscale/kernels/frame_kernels.hpp"

namespace reelscale::catalog {

struct CatalogReader::Impl {
  std::filesystem::path path;
  h5::File file;
  int schema_version = 0;

  h5::Loc root() const { return {file.get(), &path, "/"}; }
};

namespace {

herr_t collect_name(hid_t /*group*/, const char* name, const H5L_info_t* /*info*/, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}

}  // namespace

CatalogReader::CatalogReader(const std::filesystem::path& h5_path) : impl_(std::make_unique<Impl>()) {
  h5::disable_auto_print();
  std::lock_guard lock(h5::library_mutex());
  impl_->path = h5_path;
  impl_->file = h5::File(h5::check_id(H5Fopen(h5_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open file", h5_path, ""));
  const h5::Loc root = impl_->root();
  if (!h5::attr_exists(root, "schema_version") || !h5::link_exists(root, "assets"))
    throw std::runtime_error("'" + h5_path.string() +
                             "' is not a reelscale catalog (no schema_version attribute or /assets group)");
  impl_->schema_version = h5::read_attr<std::int32_t>(root, "schema_version");
  if (impl_->schema_version < 1)
    throw std::runtime_error("'" + h5_path.string() + "' has unsupported catalog schema_version " +
                             std::to_string(impl_->schema_version));
}

CatalogReader::CatalogReader(CatalogReader&&) noexcept = default;
CatalogReader& CatalogReader::operator=(CatalogReader&&) noexcept = default;

CatalogReader::~CatalogReader() {
  if (!impl_) return;
  std::lock_guard lock(h5::library_mutex());
  impl_.reset();
}

int CatalogReader::schema_version() const { return impl_->schema_version; }

const std::filesystem::path& CatalogReader::path() const { return impl_->path; }

std::vector<std::string> CatalogReader::asset_ids() const {
  std::lock_guard lock(h5::library_mutex());
  h5::Group assets = h5::open_group(impl_->root(), "assets");
  std::vector<std::string> ids;
  hsize_t idx = 0;
  h5::check_status(H5Literate(assets.get(), H5_INDEX_NAME, H5_ITER_INC, &idx, &collect_name, &ids), "list", impl_->path,
                   "/assets");
  std::sort(ids.begin(), ids.end());
  return ids;
}

bool CatalogReader::has_asset(const std::string& id) const {
  schema::check_asset_id(id);
  std::lock_guard lock(h5::library_mutex());
  return h5::link_exists(impl_->root(), "assets/" + id);
}

AssetRecord CatalogReader::read_asset(const std::string& id, bool with_frames) const {
  schema::check_asset_id(id);
  std::lock_guard lock(h5::library_mutex());
  const h5::Loc root = impl_->root();
  if (!h5::link_exists(root, "assets/" + id))
    throw std::runtime_error("catalog '" + impl_->path.string() + "' has no asset '/assets/" + id + "'");
  h5::Group g = h5::open_group(root, "assets/" + id);
  return schema::read_asset_group(h5::Loc{g.get(), &impl_->path, "/assets/" + id}, with_frames);
}

FrameSignatures CatalogReader::read_frame_signatures(const std::string& id, std::int64_t first,
                                                     std::int64_t last) const {
  schema::check_asset_id(id);
  FrameSignatures out;
  first = std::max<std::int64_t>(0, first);
  out.first_frame = first;
  if (last < first) return out;
  std::lock_guard lock(h5::library_mutex());
  const h5::Loc root = impl_->root();
  const std::string path = "assets/" + id + "/frames";
  if (!h5::link_exists(root, "assets/" + id))
    throw std::runtime_error("catalog '" + impl_->path.string() + "' has no asset '/assets/" + id + "'");
  if (!h5::link_exists(root, path)) return out;
  h5::Group g = h5::open_group(root, path);
  const h5::Loc frames{g.get(), &impl_->path, "/" + path};
  const auto count = std::size_t(last - first + 1);
  out.phash = h5::read_rows<std::uint64_t>(frames, "phash", 0, std::size_t(first), count);
  out.thumb = h5::read_rows<std::uint8_t>(frames, "thumb", std::size_t(kernels::kThumbSide * kernels::kThumbSide),
                                          std::size_t(first), count);
  if (out.thumb.size() != out.phash.size() * std::size_t(kernels::kThumbSide * kernels::kThumbSide))
    throw std::runtime_error("HDF5: '" + frames.path + "/thumb' in '" + impl_->path.string() +
                             "' has a different row count than phash");
  return out;
}

std::vector<AssetTableRow> CatalogReader::read_assets_table() const {
  std::lock_guard lock(h5::library_mutex());
  const h5::Loc root = impl_->root();
  if (!h5::link_exists(root, "assets_table")) return {};
  return schema::read_assets_table(root);
}

template <class Fn>
auto CatalogReader::with_asset_group(const std::string& asset_id, Fn&& fn) const {
  schema::check_asset_id(asset_id);
  std::lock_guard lock(h5::library_mutex());
  const std::string p = "assets/" + asset_id;
  if (!h5::link_exists(impl_->root(), p))
    throw std::runtime_error("catalog '" + impl_->path.string() + "' has no asset '/assets/" + asset_id + "'");
  h5::Group g = h5::open_group(impl_->root(), p);
  return fn(h5::Loc{g.get(), &impl_->path, "/" + p});
}

std::vector<std::string> CatalogReader::table_names(const std::string& asset_id) const {
  return with_asset_group(asset_id, [](const h5::Loc& g) { return detail::table_names(g); });
}

record::Table CatalogReader::read_table(const std::string& asset_id, const std::string& name) const {
  return with_asset_group(asset_id, [&](const h5::Loc& g) { return detail::read_table(g, name); });
}

std::vector<std::string> CatalogReader::archive_table_names() const {
  std::lock_guard lock(h5::library_mutex());
  return detail::table_names(impl_->root());
}

record::Table CatalogReader::read_archive_table(const std::string& name) const {
  std::lock_guard lock(h5::library_mutex());
  return detail::read_table(impl_->root(), name);
}

record::Table read_archive_table(const std::filesystem::path& catalog_path, const std::string& name) {
  return CatalogReader(catalog_path).read_archive_table(name);
}

void write_archive_table(const std::filesystem::path& catalog_path, const record::Table& table) {
  if (detail::is_reserved_table_name(table.name))
    throw std::invalid_argument("archive table name '" + table.name + "' is taken by the catalog itself");
  h5::disable_auto_print();
  std::lock_guard lock(h5::library_mutex());
  h5::File f(h5::check_id(H5Fopen(catalog_path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "open file", catalog_path, ""));
  const h5::Loc root{f.get(), &catalog_path, "/"};
  if (!h5::link_exists(root, "assets"))
    throw std::runtime_error("'" + catalog_path.string() + "' is not a reelscale catalog (no /assets group)");
  if (h5::link_exists(root, table.name)) {
    if (!detail::is_table(root, table.name))
      throw std::runtime_error("'" + catalog_path.string() + "': /" + table.name + " exists and is not a table");
    h5::check_status(H5Ldelete(f.get(), table.name.c_str(), H5P_DEFAULT), "replace", catalog_path, "/" + table.name);
  }
  detail::write_table(root, table);
  h5::check_status(H5Fflush(f.get(), H5F_SCOPE_GLOBAL), "flush", catalog_path, "/");
}

std::vector<std::string> list_asset_ids(const std::filesystem::path& h5_path) {
  return CatalogReader(h5_path).asset_ids();
}

AssetRecord read_asset(const std::filesystem::path& h5_path, const std::string& id, bool with_frames) {
  return CatalogReader(h5_path).read_asset(id, with_frames);
}

std::vector<AssetTableRow> read_assets_table(const std::filesystem::path& h5_path) {
  return CatalogReader(h5_path).read_assets_table();
}

void copy_asset(const std::filesystem::path& src_h5_path, const std::string& id, CatalogWriter& dst) {
  dst.copy_asset_from(src_h5_path, id);
}

}  // namespace reelscale::catalog
