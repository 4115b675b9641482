#pragma once
/// @file index_reader.hpp
/// Reads the rows of the full-text index back (for the report's static search page,
/// which cannot open SQLite from file://).

#include <cstddef>
#include <filesystem>
#include <vector>

#include "fulltext/fulltext_index.hpp"

namespace reelscale::fulltext {

/// Every row of `index_file` in insertion (rowid) order, at most `limit` rows; `truncated`
/// (when given) is set when more rows exist. @throws std::runtime_error naming the file
/// when it is missing, is not a reelscale full-text index, or SQLite fails.
std::vector<IndexRow> read_rows(const std::filesystem::path& index_file, std::size_t limit,
                                bool* truncated = nullptr);

}  // namespace reelscale::fulltext
