#pragma once
/// @file table.hpp
/// A columnar table: how a capability area (faces, text, moderation, speech, outputs,
/// duplicates) hands its per-asset or archive-wide results to the catalog without knowing
/// HDF5. The catalog writes a table as a group with one dataset per column
/// (`/assets/<id>/<table.name>/<column.name>`, or `/<table.name>/...` for archive-wide
/// tables) and reads it back with the same shape. Plain data only.

#include <cstddef>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace reelscale::record {

/// One column. `width` values per row (1 for scalars; e.g. 128 for a face embedding,
/// stored as a [rows, width] dataset). `unit` is stored as an attribute ("frames",
/// "s", "px", "LUFS", ""...).
struct Column {
  using Values = std::variant<std::vector<std::int64_t>, std::vector<double>, std::vector<float>,
                              std::vector<std::string>>;
  std::string name;
  std::string unit;
  std::size_t width = 1;
  Values values;

  /// Number of rows (values / width). @throws std::logic_error when not a multiple.
  std::size_t rows() const {
    const std::size_t n = std::visit([](const auto& v) { return v.size(); }, values);
    if (width == 0 || n % width != 0) throw std::logic_error("column " + name + ": size not a multiple of width");
    return n / width;
  }
};

/// A named table of equally long columns.
struct Table {
  std::string name;             ///< group name, e.g. "faces", "text"
  std::vector<Column> columns;

  /// Rows of the first column (0 for no columns). @throws std::logic_error on ragged columns.
  std::size_t rows() const {
    if (columns.empty()) return 0;
    const std::size_t r = columns.front().rows();
    for (const auto& c : columns)
      if (c.rows() != r) throw std::logic_error("table " + name + ": column " + c.name + " is ragged");
    return r;
  }
  /// The column called `n`. @throws std::out_of_range when absent.
  const Column& column(const std::string& n) const {
    for (const auto& c : columns)
      if (c.name == n) return c;
    throw std::out_of_range("table " + name + " has no column " + n);
  }
  /// Typed values of column `n`. @throws std::bad_variant_access on a type mismatch.
  template <class T>
  const std::vector<T>& get(const std::string& n) const {
    return std::get<std::vector<T>>(column(n).values);
  }
};

/// True for names the catalog uses itself below /assets/<id> or at the root (frames,
/// shots, audio, scenes, index, ...): a Table may not take them.
inline bool is_reserved_table_name(const std::string& name) {
  static const std::set<std::string> reserved = {"frames", "shots", "transitions", "cues", "selected_frames",
                                                 "audio", "ad_breaks", "scenes", "embeddings", "index",
                                                 "assets", "assets_table"};
  return reserved.count(name) > 0;
}

}  // namespace reelscale::record
