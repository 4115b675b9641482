#pragma once
/// @file fulltext_index.hpp
/// The archive's full-text index: one SQLite FTS5 table over timed text rows from any
/// source (on-screen text, transcripts, face/identity names), ranked with FTS5's bm25().
/// File: OUT/index/fulltext.sqlite (kIndexFile), written to a temporary name and renamed.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace reelscale::fulltext {

/// Path of the index under a run's output folder.
std::filesystem::path index_path(const std::filesystem::path& out_dir);

/// One searchable row: `text` said / shown / named in `asset` between start_s and end_s
/// (seconds on the asset's timeline). kind: "text" (on-screen), "speech" (transcript),
/// "name" (a face identity).
struct IndexRow {
  std::string asset;   ///< asset id
  std::string path;    ///< the asset's source path (as the catalog records it)
  std::string kind;
  double start_s = 0;
  double end_s = 0;
  std::string text;
};

/// Writes an index. Rows go to `<file>.tmp-<pid>`; commit() renames it onto `file`
/// (atomic on one file system); without commit() the temporary file is removed.
class IndexWriter {
 public:
  /// @throws std::runtime_error naming the file when it cannot be created.
  explicit IndexWriter(const std::filesystem::path& file);
  ~IndexWriter();
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;
  /// Adds one row (rows with empty text are ignored).
  void add(const IndexRow& row);
  /// Rows added so far.
  std::size_t rows() const { return rows_; }
  /// Optimises, closes and renames the index into place. @throws on SQLite or rename errors.
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::filesystem::path file_, tmp_;
  std::size_t rows_ = 0;
};

/// One search result.
struct SearchHit {
  IndexRow row;
  std::string snippet;  ///< matching text with the matched tokens in [brackets]
  double score = 0;     ///< bm25 (lower is better, as FTS5 returns it)
};

/// The `k` best rows for `query`: every word of the query must occur (words are quoted, so
/// FTS5 operators in user input are taken literally), ranked by bm25, ties by asset and
/// time. Normalised like the index (harakat, tatweel, alef forms, case, Latin diacritics).
/// @throws std::runtime_error when the index cannot be opened.
std::vector<SearchHit> search(const std::filesystem::path& index_file, const std::string& query, int k = 10);

}  // namespace reelscale::fulltext
