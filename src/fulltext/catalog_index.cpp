#include "fulltext/catalog_index.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "catalog/catalog_reader.hpp"
#include "fulltext/fulltext_index.hpp"
#include "fulltext/index_rows.hpp"
#include "fulltext/sidecar_tables.hpp"

namespace reelscale::fulltext {
namespace {

/// Catalog table name -> index kind.
struct Source {
  const char* table;
  const char* kind;
};
constexpr Source kSources[] = {{"text", "text"}, {"transcript", "speech"}, {"identities", "name"}, {"faces", "name"}};

/// The string column naming the asset of each row of an archive-wide table, or null.
const std::vector<std::string>* asset_column(const record::Table& t) {
  for (const auto& c : t.columns)
    if ((c.name == "asset" || c.name == "asset_id") && c.width == 1)
      if (const auto* v = std::get_if<std::vector<std::string>>(&c.values)) return v;
  return nullptr;
}

/// Row i of `t` as a one-row table (width-1 columns only).
record::Table row_of(const record::Table& t, std::size_t i) {
  record::Table one{t.name, {}};
  for (const auto& c : t.columns) {
    if (c.width != 1) continue;
    record::Column cc{c.name, c.unit, 1, {}};
    std::visit([&](const auto& v) { cc.values = std::decay_t<decltype(v)>{v[i]}; }, c.values);
    one.columns.push_back(std::move(cc));
  }
  return one;
}

/// Name rows of archive-wide identity tables (/identities, /face_identities, /face_tracks) that have an
/// asset column; rows of assets not in the catalog get an empty path.
std::size_t add_archive_names(const catalog::CatalogReader& reader, const std::map<std::string, AssetRecord>& recs,
                              IndexWriter& w) {
  std::size_t n = 0;
  const auto names = reader.archive_table_names();
  for (const char* name : {"identities", "face_identities", "face_tracks"}) {  // face_tracks: src/faces identity_publish.hpp
    if (std::find(names.begin(), names.end(), name) == names.end()) continue;
    const record::Table t = reader.read_archive_table(name);
    const auto* assets = asset_column(t);
    if (!assets) continue;
    for (std::size_t i = 0; i < assets->size(); ++i) {
      const auto it = recs.find((*assets)[i]);
      const std::string path = it != recs.end() ? it->second.path : "";
      const double fps = it != recs.end() ? it->second.fps : 0;
      for (const auto& r : rows_from_table(row_of(t, i), "name", (*assets)[i], path, fps)) w.add(r), ++n;
    }
  }
  return n;
}

}  // namespace

TableSource catalog_table_source(const catalog::CatalogReader& reader, TableSource fallback) {
  return [&reader, fallback](const std::string& id, const std::string& name) -> std::optional<record::Table> {
    const auto names = reader.table_names(id);
    if (std::find(names.begin(), names.end(), name) != names.end()) return reader.read_table(id, name);
    return fallback ? fallback(id, name) : std::nullopt;
  };
}

IndexBuildStats build_fulltext_index(const std::filesystem::path& out_dir, TableSource tables) {
  const auto h5 = out_dir / "catalog.h5";
  catalog::CatalogReader reader(h5);
  if (!tables) tables = catalog_table_source(reader, sidecar_table_source(out_dir));
  IndexWriter w(index_path(out_dir));
  IndexBuildStats st;
  std::map<std::string, AssetRecord> recs;
  for (const auto& id : reader.asset_ids()) {
    const AssetRecord& rec = recs[id] = reader.read_asset(id, false);
    ++st.assets;
    bool named = false;
    for (const auto& s : kSources) {
      const std::string kind = s.kind;
      if (named && kind == "name") continue;  // identities preferred over faces
      const auto t = tables(id, s.table);
      if (!t) continue;
      const auto rows = rows_from_table(*t, kind, id, rec.path, rec.fps);
      if (kind == "name" && !rows.empty()) named = true;
      for (const auto& r : rows) w.add(r);
      (kind == "text" ? st.text_rows : kind == "speech" ? st.speech_rows : st.name_rows) += rows.size();
    }
  }
  st.name_rows += add_archive_names(reader, recs, w);
  st.rows = w.rows();
  w.commit();
  return st;
}

void build_fulltext_index_logged(const std::filesystem::path& out_dir) {
  try {
    const auto st = build_fulltext_index(out_dir);
    spdlog::info("full-text index: {} row(s) from {} asset(s) ({} text, {} speech, {} name) in {}", st.rows, st.assets,
                 st.text_rows, st.speech_rows, st.name_rows, index_path(out_dir).string());
  } catch (const std::exception& e) {
    spdlog::error("full-text index build failed (rerun `reelscale search {} WORDS --reindex`): {}", out_dir.string(),
                  e.what());
  }
}

}  // namespace reelscale::fulltext
