#include "catalog/detail/table_io.hpp"

#include <algorithm>
#include <stdexcept>

#include "catalog/json_sidecar.hpp"

namespace reelscale::catalog::detail {
namespace {

using h5::Loc;
constexpr std::size_t kChunkRows = 4096;

/// Writes a 1-D variable-length UTF-8 string dataset.
void write_strings(const Loc& g, const std::string& name, const std::vector<std::string>& v) {
  std::vector<std::string> clean;
  clean.reserve(v.size());
  for (const auto& s : v) clean.push_back(sanitize_utf8(s));
  std::vector<const char*> ptrs;
  ptrs.reserve(clean.size());
  for (const auto& s : clean) ptrs.push_back(s.c_str());
  h5::Datatype t = h5::vlen_string_type(false, g);
  const hsize_t dims[1] = {hsize_t(v.size())};
  h5::Dataspace sp(h5::check_id(H5Screate_simple(1, dims, nullptr), "create dataspace for", *g.file, g.child(name)));
  h5::Dataset ds(h5::check_id(H5Dcreate2(g.id, name.c_str(), t.get(), sp.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                              "create dataset", *g.file, g.child(name)));
  if (!ptrs.empty())
    h5::check_status(H5Dwrite(ds.get(), t.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), "write", *g.file,
                     g.child(name));
}

std::vector<std::string> read_strings(const Loc& g, const std::string& name) {
  h5::Dataset ds(h5::check_id(H5Dopen2(g.id, name.c_str(), H5P_DEFAULT), "open dataset", *g.file, g.child(name)));
  h5::Dataspace sp(h5::check_id(H5Dget_space(ds.get()), "get dataspace of", *g.file, g.child(name)));
  const hssize_t n = H5Sget_simple_extent_npoints(sp.get());
  std::vector<char*> raw(std::size_t(std::max<hssize_t>(n, 0)), nullptr);
  h5::Datatype t = h5::vlen_string_type(false, g);
  if (!raw.empty())
    h5::check_status(H5Dread(ds.get(), t.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), "read", *g.file,
                     g.child(name));
  std::vector<std::string> out;
  out.reserve(raw.size());
  for (char* p : raw) out.push_back(h5::from_c(p));
  if (!raw.empty()) H5Dvlen_reclaim(t.get(), sp.get(), H5P_DEFAULT, raw.data());
  return out;
}

/// Element class of dataset `name`: 'i' int64, 'd' float64, 'f' float32, 's' string.
char column_kind(const Loc& g, const std::string& name, std::size_t* width) {
  h5::Dataset ds(h5::check_id(H5Dopen2(g.id, name.c_str(), H5P_DEFAULT), "open dataset", *g.file, g.child(name)));
  h5::Datatype t(h5::check_id(H5Dget_type(ds.get()), "get type of", *g.file, g.child(name)));
  h5::Dataspace sp(h5::check_id(H5Dget_space(ds.get()), "get dataspace of", *g.file, g.child(name)));
  hsize_t dims[2] = {0, 1};
  const int rank = H5Sget_simple_extent_ndims(sp.get());
  if (rank < 1 || rank > 2)
    throw std::runtime_error("'" + g.file->string() + "': " + g.child(name) + " is not a column");
  H5Sget_simple_extent_dims(sp.get(), dims, nullptr);
  *width = rank == 2 ? std::size_t(dims[1]) : 1;
  switch (H5Tget_class(t.get())) {
    case H5T_STRING:
      return 's';
    case H5T_INTEGER:
      return 'i';
    case H5T_FLOAT:
      return H5Tget_size(t.get()) == 4 ? 'f' : 'd';
    default:
      throw std::runtime_error("'" + g.file->string() + "': " + g.child(name) + " has an unsupported type");
  }
}

std::vector<std::string> split_names(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= s.size() && !s.empty()) {
    const std::size_t j = std::min(s.find(',', i), s.size());
    out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

void write_column(const Loc& g, const record::Column& c, std::size_t rows) {
  const std::size_t cols = c.width == 1 ? 0 : c.width;
  std::visit(
      [&](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::vector<std::string>>) {
          if (c.width != 1) throw std::logic_error("table column " + c.name + ": string columns have width 1");
          write_strings(g, c.name, v);
        } else {
          h5::write_array(g, c.name, v.data(), rows, cols, h5::Filter::deflate, kChunkRows);
        }
      },
      c.values);
  h5::Dataset ds(h5::check_id(H5Dopen2(g.id, c.name.c_str(), H5P_DEFAULT), "open dataset", *g.file, g.child(c.name)));
  h5::write_attr_string(Loc{ds.get(), g.file, g.child(c.name)}, "unit", c.unit);
}

}  // namespace

bool is_reserved_table_name(const std::string& name) { return record::is_reserved_table_name(name); }

void write_table(const Loc& parent, const record::Table& t) {
  if (t.name.empty() || t.name.find('/') != std::string::npos)
    throw std::invalid_argument("table name '" + t.name + "' is empty or contains '/'");
  const std::size_t rows = t.rows();
  std::string names;
  for (const auto& c : t.columns) {
    if (c.name.empty() || c.name.find_first_of("/,") != std::string::npos)
      throw std::invalid_argument("table " + t.name + ": column name '" + c.name + "' is empty or contains '/' or ','");
    names += (names.empty() ? "" : ",") + c.name;
  }
  h5::Group grp = h5::create_group(parent, t.name);
  const Loc g{grp.get(), parent.file, parent.child(t.name)};
  h5::write_attr_string(g, "kind", "table");
  h5::write_attr_string(g, "columns", names);
  h5::write_attr<std::int64_t>(g, "rows", std::int64_t(rows));
  for (const auto& c : t.columns) write_column(g, c, rows);
}

bool is_table(const Loc& parent, const std::string& name) {
  if (!h5::link_exists(parent, name)) return false;
  const hid_t obj = H5Oopen(parent.id, name.c_str(), H5P_DEFAULT);
  if (obj < 0) return false;
  const bool group = H5Iget_type(obj) == H5I_GROUP;
  H5Oclose(obj);
  if (!group) return false;
  h5::Group grp = h5::open_group(parent, name);
  const Loc g{grp.get(), parent.file, parent.child(name)};
  return h5::attr_exists(g, "kind") && h5::read_attr_string(g, "kind") == "table";
}

std::vector<std::string> table_names(const Loc& parent) {
  std::vector<std::string> names;
  H5Literate(
      parent.id, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* n, const H5L_info_t*, void* op) -> herr_t {
        static_cast<std::vector<std::string>*>(op)->push_back(n);
        return 0;
      },
      &names);
  std::vector<std::string> out;
  for (const auto& n : names)
    if (is_table(parent, n)) out.push_back(n);
  std::sort(out.begin(), out.end());
  return out;
}

record::Table read_table(const Loc& parent, const std::string& name) {
  if (!is_table(parent, name))
    throw std::runtime_error("'" + parent.file->string() + "' has no table " + parent.child(name));
  h5::Group grp = h5::open_group(parent, name);
  const Loc g{grp.get(), parent.file, parent.child(name)};
  record::Table t;
  t.name = name;
  for (const std::string& cn : split_names(h5::read_attr_string(g, "columns"))) {
    record::Column c;
    c.name = cn;
    const char kind = column_kind(g, cn, &c.width);
    const std::size_t cols = c.width == 1 ? 0 : c.width;
    if (kind == 's')
      c.values = read_strings(g, cn);
    else if (kind == 'i')
      c.values = h5::read_array<std::int64_t>(g, cn, cols);
    else if (kind == 'f')
      c.values = h5::read_array<float>(g, cn, cols);
    else
      c.values = h5::read_array<double>(g, cn, cols);
    h5::Dataset ds(h5::check_id(H5Dopen2(g.id, cn.c_str(), H5P_DEFAULT), "open dataset", *g.file, g.child(cn)));
    c.unit = h5::read_attr_string(Loc{ds.get(), g.file, g.child(cn)}, "unit", std::string());
    t.columns.push_back(std::move(c));
  }
  return t;
}

}  // namespace reelscale::catalog::detail
