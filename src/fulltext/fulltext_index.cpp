#include "fulltext/fulltext_index.hpp"

#include <unistd.h>

#include <sstream>
#include <stdexcept>

#include "fulltext/search_tokenizer.hpp"
#include "fulltext/sqlite_handle.hpp"

namespace reelscale::fulltext {

std::filesystem::path index_path(const std::filesystem::path& out_dir) {
  return out_dir / "index" / "fulltext.sqlite";
}

struct IndexWriter::Impl {
  std::unique_ptr<Database> db;
  std::unique_ptr<Statement> insert;
};

IndexWriter::IndexWriter(const std::filesystem::path& file)
    : impl_(new Impl), file_(file), tmp_(file.string() + ".tmp-" + std::to_string(::getpid())) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  std::filesystem::remove(tmp_);
  impl_->db = std::make_unique<Database>(tmp_, true);
  register_search_tokenizer(*impl_->db);
  impl_->db->exec(
      "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
      "CREATE VIRTUAL TABLE segments USING fts5(text, asset UNINDEXED, path UNINDEXED, kind UNINDEXED,"
      " start_s UNINDEXED, end_s UNINDEXED, tokenize='reelscale');"
      "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
      "INSERT INTO meta VALUES('format', 'reelscale-fulltext 1');"
      "BEGIN;");
  impl_->insert = std::make_unique<Statement>(
      *impl_->db, "INSERT INTO segments(text, asset, path, kind, start_s, end_s) VALUES(?1,?2,?3,?4,?5,?6)");
}

IndexWriter::~IndexWriter() {
  if (impl_->db) {
    impl_->insert.reset();
    impl_->db.reset();
    std::error_code ec;
    std::filesystem::remove(tmp_, ec);
  }
}

void IndexWriter::add(const IndexRow& r) {
  if (r.text.find_first_not_of(" \t\r\n") == std::string::npos) return;
  Statement& st = *impl_->insert;
  st.reset();
  st.bind(1, r.text);
  st.bind(2, r.asset);
  st.bind(3, r.path);
  st.bind(4, r.kind);
  st.bind(5, r.start_s);
  st.bind(6, r.end_s);
  st.step();
  ++rows_;
}

void IndexWriter::commit() {
  impl_->insert.reset();
  impl_->db->exec("COMMIT; INSERT INTO segments(segments) VALUES('optimize');");
  impl_->db.reset();
  std::filesystem::rename(tmp_, file_);
}

namespace {

/// Each white-space separated word as an FTS5 string ("..." with " doubled).
std::string fts_query(const std::string& q) {
  std::istringstream in(q);
  std::string out, w;
  while (in >> w) {
    std::string quoted = "\"";
    for (char c : w) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += (out.empty() ? "" : " ") + quoted + "\"";
  }
  return out;
}

}  // namespace

std::vector<SearchHit> search(const std::filesystem::path& index_file, const std::string& query, int k) {
  std::vector<SearchHit> hits;
  const std::string q = fts_query(query);
  if (q.empty() || k <= 0) return hits;
  if (!std::filesystem::exists(index_file)) throw std::runtime_error(index_file.string() + ": no full-text index");
  Database db(index_file, false);
  register_search_tokenizer(db);
  Statement st(db,
               "SELECT asset, path, kind, start_s, end_s, text, snippet(segments, 0, '[', ']', '...', 16),"
               " bm25(segments) AS score FROM segments WHERE segments MATCH ?1"
               " ORDER BY score, asset, start_s LIMIT ?2");
  st.bind(1, q);
  st.bind(2, static_cast<std::int64_t>(k));
  while (st.step()) {
    SearchHit h;
    h.row = {st.text(0), st.text(1), st.text(2), st.real(3), st.real(4), st.text(5)};
    h.snippet = st.text(6);
    h.score = st.real(7);
    hits.push_back(std::move(h));
  }
  return hits;
}

}  // namespace reelscale::fulltext
