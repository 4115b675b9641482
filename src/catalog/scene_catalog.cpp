#include "catalog/scene_catalog.hpp"
#include "catalog/detail/scene_groups.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

namespace reelscale::catalog {

using nlohmann::json;

void add_scenes_json(json& j, const AssetRecord& rec) {
  json a = json::array();
  for (const Scene& s : rec.scenes.scenes)
    a.push_back({{"start", s.start_frame},
                 {"end", s.end_frame},
                 {"keyframe", s.keyframe},
                 {"start_s", s.start_s},
                 {"end_s", s.end_s},
                 {"first_shot", s.first_shot},
                 {"last_shot", s.last_shot}});
  j["scenes"] = std::move(a);
}

void read_scenes_json(const json& j, AssetRecord& rec) {
  auto it = j.find("scenes");
  if (it == j.end() || !it->is_array()) return;
  for (const json& s : *it) {
    Scene x;
    x.start_frame = s.at("start").get<std::int64_t>();
    x.end_frame = s.at("end").get<std::int64_t>();
    x.keyframe = s.value("keyframe", x.start_frame);
    x.start_s = s.value("start_s", 0.0);
    x.end_s = s.value("end_s", 0.0);
    x.first_shot = s.value("first_shot", 0);
    x.last_shot = s.value("last_shot", 0);
    rec.scenes.scenes.push_back(x);
  }
}

namespace schema {
namespace {

using h5::Datatype;
using h5::Loc;
using h5::Member;

constexpr std::size_t kChunk = 4096;
constexpr std::size_t kChunkVectors = 256;

struct SceneRec {
  std::int64_t start_frame, end_frame, first_shot, last_shot, keyframe;
  double start_s, end_s;
};

template <class T>
Member num(const char* name, std::size_t offset) {
  return {name, offset, h5::native_type<T>(), h5::file_type<T>()};
}

struct Types {
  Datatype mem, file;
};
Types scene_types(const Loc& w) {
  const std::vector<Member> m = {num<std::int64_t>("start_frame", offsetof(SceneRec, start_frame)),
                                 num<std::int64_t>("end_frame", offsetof(SceneRec, end_frame)),
                                 num<std::int64_t>("first_shot", offsetof(SceneRec, first_shot)),
                                 num<std::int64_t>("last_shot", offsetof(SceneRec, last_shot)),
                                 num<std::int64_t>("keyframe", offsetof(SceneRec, keyframe)),
                                 num<double>("start_s", offsetof(SceneRec, start_s)),
                                 num<double>("end_s", offsetof(SceneRec, end_s))};
  return {h5::compound_mem_type(sizeof(SceneRec), m, w), h5::compound_file_type(m, w)};
}

}  // namespace

void write_scene_groups(const Loc& asset, const AssetRecord& rec) {
  const SceneAnalysis& a = rec.scenes;
  {
    Types t = scene_types(asset);
    std::vector<SceneRec> v;
    v.reserve(a.scenes.size());
    for (const Scene& s : a.scenes)
      v.push_back({s.start_frame, s.end_frame, s.first_shot, s.last_shot, s.keyframe, s.start_s, s.end_s});
    h5::write_compound(asset, "scenes", t.mem.get(), t.file.get(), v.data(), v.size());
  }
  h5::Group grp = h5::create_group(asset, "embeddings");
  const Loc g{grp.get(), asset.file, asset.child("embeddings")};
  const std::size_t dim = std::size_t(a.embedding_dim > 0 ? a.embedding_dim : 0);
  h5::write_attr<std::int32_t>(g, "dim", std::int32_t(dim));
  const bool onnx = a.embedder.rfind("onnx:", 0) == 0;
  h5::write_attr_string(g, "method", onnx ? "onnx-opencv-dnn" : "reelscale-gist-colour-v1");
  h5::write_attr_string(g, "embedder",
                        dim == 0             ? std::string()
                        : a.embedder.empty() ? std::string(record::kDefaultEmbedder)
                                             : a.embedder);
  const std::size_t n = dim ? a.frame_embeddings.size() / dim : 0;
  const std::size_t ns = dim ? a.scene_embeddings.size() / dim : 0;
  h5::write_array(g, "frames", a.embedded_frames.data(), a.embedded_frames.size(), 0, h5::Filter::none, kChunk);
  h5::write_array(g, "frame_vectors", a.frame_embeddings.data(), n, std::max<std::size_t>(dim, 1), h5::Filter::none,
                  kChunkVectors);
  h5::write_array(g, "scene_vectors", a.scene_embeddings.data(), ns, std::max<std::size_t>(dim, 1), h5::Filter::none,
                  kChunkVectors);
}

void read_scene_groups(const Loc& asset, AssetRecord& rec) {
  SceneAnalysis& a = rec.scenes;
  if (h5::link_exists(asset, "scenes")) {
    Types t = scene_types(asset);
    const std::size_t n = h5::dataset_rows(asset, "scenes");
    std::vector<SceneRec> v(n);
    h5::read_compound(asset, "scenes", t.mem.get(), v.data(), n);
    for (const SceneRec& r : v)
      a.scenes.push_back(
          {r.start_frame, r.end_frame, int(r.first_shot), int(r.last_shot), r.keyframe, r.start_s, r.end_s});
  }
  if (h5::link_exists(asset, "embeddings")) {
    h5::Group grp = h5::open_group(asset, "embeddings");
    const Loc g{grp.get(), asset.file, asset.child("embeddings")};
    a.embedding_dim = h5::read_attr<std::int32_t>(g, "dim", 0);
    a.embedder = h5::read_attr_string(g, "embedder", std::string(a.embedding_dim > 0 ? record::kDefaultEmbedder : ""));
    const std::size_t dim = std::size_t(std::max(a.embedding_dim, 1));
    if (h5::link_exists(g, "frames")) a.embedded_frames = h5::read_array<std::int64_t>(g, "frames", 0);
    if (h5::link_exists(g, "frame_vectors")) a.frame_embeddings = h5::read_array<float>(g, "frame_vectors", dim);
    if (h5::link_exists(g, "scene_vectors")) a.scene_embeddings = h5::read_array<float>(g, "scene_vectors", dim);
  }
}

std::pair<std::string, int> read_asset_embedder(const Loc& asset) {
  if (!h5::link_exists(asset, "embeddings")) return {"", 0};
  h5::Group grp = h5::open_group(asset, "embeddings");
  const Loc g{grp.get(), asset.file, asset.child("embeddings")};
  const int dim = h5::read_attr<std::int32_t>(g, "dim", 0);
  if (dim <= 0) return {"", 0};
  std::string spec = h5::read_attr_string(g, "embedder", std::string(record::kDefaultEmbedder));
  if (spec.empty()) spec = record::kDefaultEmbedder;
  return {spec, dim};
}

namespace {
std::string describe(const std::string& spec, int dim) { return "'" + spec + "' (" + std::to_string(dim) + "-d)"; }
}  // namespace

void EmbedderTracker::add(const std::filesystem::path& file, const std::string& id, const std::string& spec, int dim) {
  if (dim <= 0) return;
  const std::string s = spec.empty() ? std::string(record::kDefaultEmbedder) : spec;
  if (dim_ == 0) {
    spec_ = s;
    dim_ = dim;
    first_id_ = id;
    return;
  }
  if (s != spec_ || dim != dim_)
    throw std::runtime_error("catalog '" + file.string() + "' would mix embedders: asset '" + id +
                             "' was embedded with " + describe(s, dim) + " but asset '" + first_id_ + "' with " +
                             describe(spec_, dim_) +
                             "; one catalog holds one embedder: redo every asset with the same --embedder "
                             "(a new run, without --resume)");
}

void EmbedderTracker::write_root_attrs(const Loc& root) const {
  if (dim_ <= 0) return;
  h5::write_attr_string(root, "embedder", spec_);
  h5::write_attr<std::int32_t>(root, "embedding_dim", std::int32_t(dim_));
}

}  // namespace schema
}  // namespace reelscale::catalog

#include <hdf5.h>

#include <mutex>
#include <stdexcept>

#include "catalog/catalog_reader.hpp"
#include "catalog/detail/hdf5_handle.hpp"

namespace reelscale::catalog {
namespace {

struct MapRec {
  const char* asset_id;
  std::int64_t scene, frame;
};

struct MapTypes {
  h5::Datatype mem, file;
};

MapTypes map_types(const h5::Loc& w) {
  h5::Datatype str = h5::vlen_string_type(false, w);
  const std::vector<h5::Member> m = {
      {"asset_id", offsetof(MapRec, asset_id), str.get(), str.get()},
      {"scene", offsetof(MapRec, scene), h5::native_type<std::int64_t>(), h5::file_type<std::int64_t>()},
      {"frame", offsetof(MapRec, frame), h5::native_type<std::int64_t>(), h5::file_type<std::int64_t>()}};
  return {h5::compound_mem_type(sizeof(MapRec), m, w), h5::compound_file_type(m, w)};
}

}  // namespace

void write_index_maps(const std::filesystem::path& h5_path, const std::vector<IndexMapRow>& scenes,
                      const std::vector<IndexMapRow>& frames) {
  std::lock_guard lock(h5::library_mutex());
  h5::File file(h5::check_id(H5Fopen(h5_path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "open file read-write", h5_path, ""));
  const h5::Loc root{file.get(), &h5_path, "/"};
  if (h5::link_exists(root, "index"))
    h5::check_status(H5Ldelete(file.get(), "index", H5P_DEFAULT), "delete", h5_path, "/index");
  h5::Group grp = h5::create_group(root, "index");
  const h5::Loc g{grp.get(), &h5_path, "/index"};
  h5::write_attr_string(g, "note", "row i of a map is Faiss id i of OUT/index/<map>.faiss");
  for (const auto& [name, rows] : {std::pair<const char*, const std::vector<IndexMapRow>*>{"scenes", &scenes},
                                   std::pair<const char*, const std::vector<IndexMapRow>*>{"frames", &frames}}) {
    MapTypes t = map_types(g);
    std::vector<MapRec> v;
    v.reserve(rows->size());
    for (const auto& r : *rows) v.push_back({r.asset_id.c_str(), r.scene, r.frame});
    h5::write_compound(g, name, t.mem.get(), t.file.get(), v.data(), v.size());
  }
  H5Fflush(file.get(), H5F_SCOPE_GLOBAL);
}

std::vector<IndexMapRow> read_index_map(const std::filesystem::path& h5_path, const std::string& which) {
  std::lock_guard lock(h5::library_mutex());
  h5::File file(h5::check_id(H5Fopen(h5_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open file", h5_path, ""));
  const h5::Loc root{file.get(), &h5_path, "/"};
  if (!h5::link_exists(root, "index"))
    throw std::runtime_error("catalog '" + h5_path.string() + "' has no /index (run `reelscale index OUT`)");
  h5::Group grp = h5::open_group(root, "index");
  const h5::Loc g{grp.get(), &h5_path, "/index"};
  MapTypes t = map_types(g);
  const std::size_t n = h5::dataset_rows(g, which);
  std::vector<MapRec> v(n);
  h5::read_compound(g, which, t.mem.get(), v.data(), n);
  std::vector<IndexMapRow> out;
  out.reserve(n);
  for (const auto& r : v) out.push_back({h5::from_c(r.asset_id), r.scene, r.frame});
  h5::reclaim_vlen(t.mem.get(), v.data(), n);
  return out;
}

CatalogEmbedder read_catalog_embedder(const std::filesystem::path& h5_path) {
  const std::vector<std::string> ids = list_asset_ids(h5_path);  // also checks it is a reelscale catalog
  std::lock_guard lock(h5::library_mutex());
  h5::File file(h5::check_id(H5Fopen(h5_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open file", h5_path, ""));
  const h5::Loc root{file.get(), &h5_path, "/"};
  h5::Group assets = h5::open_group(root, "assets");
  const h5::Loc al{assets.get(), &h5_path, "/assets"};
  schema::EmbedderTracker tracker;
  CatalogEmbedder out;
  for (const std::string& id : ids) {
    h5::Group g = h5::open_group(al, id);
    const auto [spec, dim] = schema::read_asset_embedder(h5::Loc{g.get(), &h5_path, al.child(id)});
    if (dim <= 0) continue;
    tracker.add(h5_path, id, spec, dim);
    const int aw = h5::read_attr<std::int32_t>(h5::Loc{g.get(), &h5_path, al.child(id)}, "analysis_width", 256);
    if (out.dim == 0) out = {spec, dim, 0, aw};
    if (aw != out.analysis_width)
      throw std::runtime_error("catalog '" + h5_path.string() + "' mixes analysis widths: asset " + id + " was measured " +
                               std::to_string(aw) + " px wide, others " + std::to_string(out.analysis_width) + " px");
    ++out.assets;
  }
  if (h5::attr_exists(root, "embedder") && out.dim > 0) {
    const std::string rs = h5::read_attr_string(root, "embedder");
    const int rd = h5::read_attr<std::int32_t>(root, "embedding_dim", 0);
    if (rs != out.spec || rd != out.dim)
      throw std::runtime_error("catalog '" + h5_path.string() + "': root attributes say embedder '" + rs + "' (" +
                               std::to_string(rd) + "-d) but the assets were embedded with '" + out.spec + "' (" +
                               std::to_string(out.dim) + "-d)");
  }
  return out;
}

}  // namespace reelscale::catalog
