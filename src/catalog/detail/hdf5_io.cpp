#include "catalog/detail/hdf5_io.hpp"

#include <filesystem>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace reelscale::catalog::h5 {

Datatype vlen_string_type(bool raw_bytes, const Loc& where) {
  Datatype t(check_id(H5Tcopy(H5T_C_S1), "copy string type for", *where.file, where.path));
  check_status(H5Tset_size(t.get(), H5T_VARIABLE), "set string size for", *where.file, where.path);
  check_status(H5Tset_cset(t.get(), raw_bytes ? H5T_CSET_ASCII : H5T_CSET_UTF8), "set string charset for", *where.file,
               where.path);
  return t;
}

Group create_group(const Loc& parent, const std::string& name) {
  const std::string p = parent.child(name);
  return Group(check_id(H5Gcreate2(parent.id, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "create group",
                        *parent.file, p));
}

Group open_group(const Loc& parent, const std::string& name) {
  const std::string p = parent.child(name);
  return Group(check_id(H5Gopen2(parent.id, name.c_str(), H5P_DEFAULT), "open group", *parent.file, p));
}

bool link_exists(const Loc& parent, const std::string& name) {
  return check_status(H5Lexists(parent.id, name.c_str(), H5P_DEFAULT), "look up", *parent.file, parent.child(name)) > 0;
}

namespace {

std::string attr_path(const Loc& obj, const std::string& name) { return obj.path + "@" + name; }

Dataspace scalar_space(const Loc& obj, const std::string& name) {
  return Dataspace(check_id(H5Screate(H5S_SCALAR), "create dataspace for", *obj.file, attr_path(obj, name)));
}

Attribute create_attr(const Loc& obj, const std::string& name, hid_t type) {
  const std::string p = attr_path(obj, name);
  // Replace an existing attribute of the same name (writers never rely on this today).
  if (check_status(H5Aexists(obj.id, name.c_str()), "look up attribute", *obj.file, p) > 0)
    check_status(H5Adelete(obj.id, name.c_str()), "delete attribute", *obj.file, p);
  Dataspace space = scalar_space(obj, name);
  return Attribute(check_id(H5Acreate2(obj.id, name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                            "create attribute", *obj.file, p));
}

Attribute open_attr(const Loc& obj, const std::string& name) {
  return Attribute(
      check_id(H5Aopen(obj.id, name.c_str(), H5P_DEFAULT), "open attribute", *obj.file, attr_path(obj, name)));
}

[[noreturn]] void throw_missing_attr(const Loc& obj, const std::string& name) {
  throw std::runtime_error("HDF5: attribute '" + attr_path(obj, name) + "' missing in '" + obj.file->string() + "'");
}

}  // namespace

void write_attr_string(const Loc& obj, const std::string& name, const std::string& value, bool raw_bytes) {
  Datatype t = vlen_string_type(raw_bytes, obj);
  Attribute a = create_attr(obj, name, t.get());
  const char* ptr = value.c_str();
  check_status(H5Awrite(a.get(), t.get(), &ptr), "write attribute", *obj.file, attr_path(obj, name));
}

template <class T>
void write_attr(const Loc& obj, const std::string& name, T value) {
  Attribute a = create_attr(obj, name, file_type<T>());
  check_status(H5Awrite(a.get(), native_type<T>(), &value), "write attribute", *obj.file, attr_path(obj, name));
}

bool attr_exists(const Loc& obj, const std::string& name) {
  return check_status(H5Aexists(obj.id, name.c_str()), "look up attribute", *obj.file, attr_path(obj, name)) > 0;
}

std::string read_attr_string(const Loc& obj, const std::string& name, const std::optional<std::string>& fallback) {
  if (!attr_exists(obj, name)) {
    if (fallback) return *fallback;
    throw_missing_attr(obj, name);
  }
  const std::string p = attr_path(obj, name);
  Attribute a = open_attr(obj, name);
  Datatype ftype(check_id(H5Aget_type(a.get()), "get type of attribute", *obj.file, p));
  if (H5Tget_class(ftype.get()) != H5T_STRING)
    throw std::runtime_error("HDF5: attribute '" + p + "' in '" + obj.file->string() + "' is not a string");
  const htri_t is_var = check_status(H5Tis_variable_str(ftype.get()), "inspect attribute", *obj.file, p);
  Datatype mtype(check_id(H5Tcopy(ftype.get()), "copy type of attribute", *obj.file, p));
  if (is_var) {
    char* ptr = nullptr;
    check_status(H5Aread(a.get(), mtype.get(), &ptr), "read attribute", *obj.file, p);
    std::string out = from_c(ptr);
    if (ptr) H5free_memory(ptr);
    return out;
  }
  const std::size_t n = H5Tget_size(ftype.get());
  std::string buf(n, '\0');
  check_status(H5Aread(a.get(), mtype.get(), buf.data()), "read attribute", *obj.file, p);
  buf.resize(std::strlen(buf.c_str()));
  return buf;
}

template <class T>
T read_attr(const Loc& obj, const std::string& name, const std::optional<T>& fallback) {
  if (!attr_exists(obj, name)) {
    if (fallback) return *fallback;
    throw_missing_attr(obj, name);
  }
  Attribute a = open_attr(obj, name);
  T value{};
  check_status(H5Aread(a.get(), native_type<T>(), &value), "read attribute", *obj.file, attr_path(obj, name));
  return value;
}

namespace {

PropList chunked_dcpl(const Loc& where, int rank, const hsize_t* chunk, Filter filter) {
  PropList dcpl(check_id(H5Pcreate(H5P_DATASET_CREATE), "create property list for", *where.file, where.path));
  check_status(H5Pset_chunk(dcpl.get(), rank, chunk), "set chunking of", *where.file, where.path);
  if (filter == Filter::shuffle_deflate)
    check_status(H5Pset_shuffle(dcpl.get()), "set shuffle filter of", *where.file, where.path);
  if (filter != Filter::none)
    check_status(H5Pset_deflate(dcpl.get(), 1), "set deflate filter of", *where.file, where.path);
  return dcpl;
}

}  // namespace

template <class T>
void write_array(const Loc& group, const std::string& name, const T* data, std::size_t rows, std::size_t cols,
                 Filter filter, std::size_t chunk_rows) {
  const std::string p = group.child(name);
  const Loc where{group.id, group.file, p};
  const int rank = cols == 0 ? 1 : 2;
  const hsize_t dims[2] = {hsize_t(rows), hsize_t(cols)};
  const hsize_t maxdims[2] = {H5S_UNLIMITED, hsize_t(cols)};
  const hsize_t chunk[2] = {hsize_t(std::clamp<std::size_t>(rows, 1, std::max<std::size_t>(chunk_rows, 1))),
                            hsize_t(std::max<std::size_t>(cols, 1))};
  Dataspace space(check_id(H5Screate_simple(rank, dims, maxdims), "create dataspace for", *group.file, p));
  PropList dcpl = chunked_dcpl(where, rank, chunk, filter);
  Dataset ds(
      check_id(H5Dcreate2(group.id, name.c_str(), file_type<T>(), space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
               "create dataset", *group.file, p));
  if (rows > 0)
    check_status(H5Dwrite(ds.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write dataset",
                 *group.file, p);
}

namespace {

/// Opens a dataset and returns its dims (rank checked against `rank`).
Dataset open_dataset_dims(const Loc& group, const std::string& name, int rank, hsize_t* dims) {
  const std::string p = group.child(name);
  Dataset ds(check_id(H5Dopen2(group.id, name.c_str(), H5P_DEFAULT), "open dataset", *group.file, p));
  Dataspace space(check_id(H5Dget_space(ds.get()), "get dataspace of", *group.file, p));
  const int r = check_status(H5Sget_simple_extent_ndims(space.get()), "get rank of", *group.file, p);
  if (r != rank)
    throw std::runtime_error("HDF5: dataset '" + p + "' in '" + group.file->string() + "' has rank " +
                             std::to_string(r) + ", expected " + std::to_string(rank));
  check_status(H5Sget_simple_extent_dims(space.get(), dims, nullptr), "get dims of", *group.file, p);
  return ds;
}

/// Elements of a rows x cols read, refused before anything is allocated when the dataset
/// declares more than its file can hold: the product overflows, or its bytes exceed
/// 1100 x the file's size + 1 MiB (above deflate's 1032:1 ceiling, the only filter the
/// writer uses). A damaged header can declare any dims (found by fuzz_catalog).
std::size_t bounded_elements(const Loc& group, const std::string& p, hsize_t rows, std::size_t cols,
                             std::size_t elem_bytes) {
  const std::size_t c = std::max<std::size_t>(cols, 1);
  std::error_code ec;
  const std::uintmax_t file_bytes = std::filesystem::file_size(*group.file, ec);
  const long double limit = 1100.0L * (ec ? 0 : file_bytes) + (1 << 20);
  if ((long double)rows * c * elem_bytes > limit)
    throw std::runtime_error("HDF5: dataset '" + p + "' in '" + group.file->string() + "' declares " +
                             std::to_string(rows) + " x " + std::to_string(c) +
                             " elements, more than the file can hold: damaged file");
  return static_cast<std::size_t>(rows) * c;
}

}  // namespace

template <class T>
std::vector<T> read_array(const Loc& group, const std::string& name, std::size_t cols) {
  const std::string p = group.child(name);
  hsize_t dims[2] = {0, 0};
  Dataset ds = open_dataset_dims(group, name, cols == 0 ? 1 : 2, dims);
  if (cols != 0 && dims[1] != cols)
    throw std::runtime_error("HDF5: dataset '" + p + "' in '" + group.file->string() + "' has " +
                             std::to_string(dims[1]) + " columns, expected " + std::to_string(cols));
  std::vector<T> out(bounded_elements(group, p, dims[0], cols, sizeof(T)));
  if (!out.empty())
    check_status(H5Dread(ds.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "read dataset",
                 *group.file, p);
  return out;
}

template <class T>
std::vector<T> read_rows(const Loc& group, const std::string& name, std::size_t cols, std::size_t first,
                         std::size_t count) {
  const std::string p = group.child(name);
  const int rank = cols == 0 ? 1 : 2;
  hsize_t dims[2] = {0, 0};
  Dataset ds = open_dataset_dims(group, name, rank, dims);
  if (cols != 0 && dims[1] != cols)
    throw std::runtime_error("HDF5: dataset '" + p + "' in '" + group.file->string() + "' has " +
                             std::to_string(dims[1]) + " columns, expected " + std::to_string(cols));
  if (first >= dims[0] || count == 0) return {};
  const hsize_t rows = std::min<hsize_t>(count, dims[0] - first);
  std::vector<T> out(bounded_elements(group, p, rows, cols, sizeof(T)));
  Dataspace file_space(check_id(H5Dget_space(ds.get()), "get dataspace of", *group.file, p));
  const hsize_t start[2] = {first, 0}, extent[2] = {rows, cols};
  check_status(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start, nullptr, extent, nullptr), "select rows of",
               *group.file, p);
  Dataspace mem_space(check_id(H5Screate_simple(rank, extent, nullptr), "create memory space for", *group.file, p));
  check_status(H5Dread(ds.get(), native_type<T>(), mem_space.get(), file_space.get(), H5P_DEFAULT, out.data()),
               "read rows of", *group.file, p);
  return out;
}

Datatype compound_mem_type(std::size_t struct_size, const std::vector<Member>& members, const Loc& where) {
  Datatype t(check_id(H5Tcreate(H5T_COMPOUND, struct_size), "create compound type for", *where.file, where.path));
  for (const Member& m : members)
    check_status(H5Tinsert(t.get(), m.name, m.offset, m.mem), "insert compound member for", *where.file, where.path);
  return t;
}

Datatype compound_file_type(const std::vector<Member>& members, const Loc& where) {
  std::size_t size = 0;
  for (const Member& m : members) size += H5Tget_size(m.file);
  Datatype t(check_id(H5Tcreate(H5T_COMPOUND, size), "create compound type for", *where.file, where.path));
  std::size_t off = 0;
  for (const Member& m : members) {
    check_status(H5Tinsert(t.get(), m.name, off, m.file), "insert compound member for", *where.file, where.path);
    off += H5Tget_size(m.file);
  }
  return t;
}

void write_compound(const Loc& group, const std::string& name, hid_t mem_type, hid_t ftype, const void* data,
                    std::size_t rows) {
  const std::string p = group.child(name);
  const Loc where{group.id, group.file, p};
  const hsize_t dims[1] = {hsize_t(rows)};
  const hsize_t maxdims[1] = {H5S_UNLIMITED};
  const hsize_t chunk[1] = {hsize_t(std::clamp<std::size_t>(rows, 1, 4096))};
  Dataspace space(check_id(H5Screate_simple(1, dims, maxdims), "create dataspace for", *group.file, p));
  PropList dcpl = chunked_dcpl(where, 1, chunk, Filter::deflate);
  Dataset ds(check_id(H5Dcreate2(group.id, name.c_str(), ftype, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                      "create dataset", *group.file, p));
  if (rows > 0)
    check_status(H5Dwrite(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write dataset", *group.file, p);
}

std::size_t dataset_rows(const Loc& group, const std::string& name) {
  hsize_t dims[1] = {0};
  open_dataset_dims(group, name, 1, dims);
  return std::size_t(dims[0]);
}

void read_compound(const Loc& group, const std::string& name, hid_t mem_type, void* out, std::size_t rows) {
  const std::string p = group.child(name);
  hsize_t dims[1] = {0};
  Dataset ds = open_dataset_dims(group, name, 1, dims);
  if (dims[0] != rows)
    throw std::runtime_error("HDF5: dataset '" + p + "' in '" + group.file->string() + "' changed size while reading");
  if (rows > 0)
    check_status(H5Dread(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out), "read dataset", *group.file, p);
}

void reclaim_vlen(hid_t mem_type, void* buf, std::size_t rows) {
  if (rows == 0) return;
  const hsize_t dims[1] = {hsize_t(rows)};
  Dataspace space(H5Screate_simple(1, dims, nullptr));
  if (!space) return;
#if H5_VERSION_GE(1, 12, 0)
  H5Treclaim(mem_type, space.get(), H5P_DEFAULT, buf);
#else
  H5Dvlen_reclaim(mem_type, space.get(), H5P_DEFAULT, buf);
#endif
}

// ---- explicit instantiations ----
#define REELSCALE_H5_INSTANTIATE(T)                                                                        \
  template void write_attr<T>(const Loc&, const std::string&, T);                                          \
  template T read_attr<T>(const Loc&, const std::string&, const std::optional<T>&);                        \
  template void write_array<T>(const Loc&, const std::string&, const T*, std::size_t, std::size_t, Filter, \
                               std::size_t);                                                               \
  template std::vector<T> read_array<T>(const Loc&, const std::string&, std::size_t);                      \
  template std::vector<T> read_rows<T>(const Loc&, const std::string&, std::size_t, std::size_t, std::size_t);

REELSCALE_H5_INSTANTIATE(double)
REELSCALE_H5_INSTANTIATE(float)
REELSCALE_H5_INSTANTIATE(std::uint64_t)
REELSCALE_H5_INSTANTIATE(std::int64_t)
REELSCALE_H5_INSTANTIATE(std::int32_t)
REELSCALE_H5_INSTANTIATE(std::uint8_t)
#undef REELSCALE_H5_INSTANTIATE

}  // namespace reelscale::catalog::h5
