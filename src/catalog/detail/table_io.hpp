#pragma once
/// @file table_io.hpp
/// record::Table <-> HDF5: a group `<name>` (attributes kind = "table", columns =
/// the column names, comma-separated, in order) with one dataset per column: numeric
/// columns 1-D (width 1) or [rows, width] (int64, float64, float32; chunked, deflate),
/// string columns 1-D variable-length UTF-8 (invalid bytes replaced by U+FFFD); each
/// dataset carries a `unit` string attribute. Catalog-internal; callers hold
/// h5::library_mutex().

#include <string>
#include <vector>

#include "catalog/detail/hdf5_io.hpp"
#include "record/table.hpp"

namespace reelscale::catalog::detail {

/// Group names below /assets/<id> that tables may not take (the built-in groups).
bool is_reserved_table_name(const std::string& name);

/// Writes `t` as group t.name below `parent` (replacing nothing: the name must be new).
/// @throws std::invalid_argument for an empty name or a column name with '/' or ',';
///         std::logic_error for ragged columns or a string column wider than 1;
///         std::runtime_error (naming the file) on an HDF5 failure.
void write_table(const h5::Loc& parent, const record::Table& t);

/// True when `parent/name` is a group written by write_table.
bool is_table(const h5::Loc& parent, const std::string& name);

/// Names of the table groups directly below `parent`, sorted.
std::vector<std::string> table_names(const h5::Loc& parent);

/// Reads table `name` below `parent`. @throws std::runtime_error when absent or not a table.
record::Table read_table(const h5::Loc& parent, const std::string& name);

}  // namespace reelscale::catalog::detail
