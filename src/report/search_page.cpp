#include "report/search_page.hpp"

#include <cmath>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "fulltext/index_reader.hpp"
#include "util/atomic_file.hpp"

namespace reelscale::report {
namespace fs = std::filesystem;

std::string search_js(const std::vector<fulltext::IndexRow>& rows, bool truncated) {
  std::string out = std::string("window.REELSCALE_SEARCH={truncated:") + (truncated ? "true" : "false") + ",rows:[\n";
  for (const auto& r : rows) {
    const nlohmann::json a = nlohmann::json::array({r.asset, r.path, r.kind, std::round(r.start_s * 1000) / 1000,
                                                    std::round(r.end_s * 1000) / 1000, r.text});
    out += a.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += ",\n";
  }
  return out + "]};\n";
}

std::string search_page() {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>reelscale search</title>"
         "<link rel=\"stylesheet\" href=\"report.css\"></head><body>\n"
         "<p><a href=\"index.html\">&larr; report</a></p>\n<h1>Search names, text and transcripts</h1>\n"
         "<form id=\"form\" class=\"controls\"><input id=\"q\" name=\"q\" type=\"search\" size=\"40\" "
         "placeholder=\"words (all must occur), Arabic or English\" autofocus>"
         "<select id=\"kind\" name=\"kind\"><option value=\"\">all kinds</option><option value=\"text\">on-screen text"
         "</option><option value=\"speech\">speech</option><option value=\"name\">face names</option></select>"
         "<button type=\"submit\">search</button></form>\n"
         "<p id=\"status\" class=\"mono\"></p>\n<div id=\"asset-hits\"></div>\n"
         "<table id=\"hits\"><thead><tr><th>asset</th><th>kind</th><th>from</th><th>to</th><th>text</th></tr></thead>"
         "<tbody id=\"hit-rows\"></tbody></table>\n"
         "<p class=\"mono\">Same rules as <code>reelscale search</code> (the SQLite FTS5 index in "
         "OUT/index/fulltext.sqlite): every word must occur; case, Latin diacritics, Arabic harakat, tatweel and "
         "alef forms are ignored; ranked by BM25.</p>\n"
         "<script src=\"assets.js\"></script><script src=\"search.js\"></script>"
         "<script src=\"search-page.js\"></script>\n</body></html>\n";
}

bool write_search_page(const fs::path& out) {
  const fs::path dir = out / "report";
  const fs::path index = fulltext::index_path(out);
  if (!fs::is_regular_file(index)) {
    for (const char* f : {"search.html", "search.js", "search-page.js"}) fs::remove(dir / f);
    return false;
  }
  bool truncated = false;
  const auto rows = fulltext::read_rows(index, kSearchRowLimit, &truncated);
  if (truncated) spdlog::warn("report: search page carries the first {} rows only; use `reelscale search`", rows.size());
  util::write_file_atomic(dir / "search.js", search_js(rows, truncated));
  util::write_file_atomic(dir / "search-page.js", kSearchJs);
  util::write_file_atomic(dir / "search.html", search_page());
  return true;
}

}  // namespace reelscale::report
