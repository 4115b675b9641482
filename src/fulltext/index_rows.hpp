#pragma once
/// @file index_rows.hpp
/// Turns any timed text table of the catalog into full-text rows, whatever area wrote it:
/// on-screen text ("text": text, start_frame, end_frame, ...), transcripts ("transcript":
/// start_s, end_s, text), face identities (a string column "name" or "identity").

#include <string>
#include <vector>

#include "fulltext/fulltext_index.hpp"
#include "record/table.hpp"

namespace reelscale::fulltext {

/// Rows of `t` as `kind` rows of asset `asset` (source `path`). The text is the first string
/// column among "text", "name", "identity", "label"; times come from start_s/end_s
/// (seconds), else start_frame/end_frame (frames, inclusive; divided by `fps`, end + 1),
/// else start/end (seconds), else 0. Returns {} when the table has no text column or rows
/// are ragged; rows with an empty text or an "unknown" name are skipped.
std::vector<IndexRow> rows_from_table(const record::Table& t, const std::string& kind, const std::string& asset,
                                      const std::string& path, double fps);

}  // namespace reelscale::fulltext
