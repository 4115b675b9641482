#include "fulltext/index_reader.hpp"

#include <stdexcept>

#include "fulltext/search_tokenizer.hpp"
#include "fulltext/sqlite_handle.hpp"

namespace reelscale::fulltext {

std::vector<IndexRow> read_rows(const std::filesystem::path& index_file, std::size_t limit, bool* truncated) {
  if (!std::filesystem::is_regular_file(index_file))
    throw std::runtime_error(index_file.string() + ": no full-text index");
  Database db(index_file, false);
  register_search_tokenizer(db);
  {
    Statement fmt(db, "SELECT value FROM meta WHERE key = 'format'");
    if (!fmt.step() || fmt.text(0).rfind("reelscale-fulltext", 0) != 0)
      throw std::runtime_error(index_file.string() + ": not a reelscale full-text index");
  }
  Statement st(db, "SELECT asset, path, kind, start_s, end_s, text FROM segments ORDER BY rowid LIMIT ?1");
  st.bind(1, static_cast<std::int64_t>(limit) + 1);
  std::vector<IndexRow> rows;
  while (st.step()) {
    if (rows.size() == limit) {
      if (truncated) *truncated = true;
      return rows;
    }
    rows.push_back({st.text(0), st.text(1), st.text(2), st.real(3), st.real(4), st.text(5)});
  }
  if (truncated) *truncated = false;
  return rows;
}

}  // namespace reelscale::fulltext
