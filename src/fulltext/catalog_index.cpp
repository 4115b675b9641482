#include "fulltext/catalog_index.hpp"

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

}  // namespace

IndexBuildStats build_fulltext_index(const std::filesystem::path& out_dir, TableSource tables) {
  const auto h5 = out_dir / "catalog.h5";
  catalog::CatalogReader reader(h5);
  if (!tables) tables = sidecar_table_source(out_dir);
  IndexWriter w(index_path(out_dir));
  IndexBuildStats st;
  for (const auto& id : reader.asset_ids()) {
    const AssetRecord rec = reader.read_asset(id, false);
    ++st.assets;
    bool named = false;
    for (const auto& s : kSources) {
      if (named && std::string(s.kind) == "name") continue;  // identities preferred over faces
      const auto t = tables(id, s.table);
      if (!t) continue;
      const auto rows = rows_from_table(*t, s.kind, id, rec.path, rec.fps);
      if (std::string(s.kind) == "name" && !rows.empty()) named = true;
      for (const auto& r : rows) w.add(r);
      (std::string(s.kind) == "text" ? st.text_rows : std::string(s.kind) == "speech" ? st.speech_rows : st.name_rows) +=
          rows.size();
    }
  }
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
