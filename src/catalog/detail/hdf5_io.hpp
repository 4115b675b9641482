#pragma once
/// @file hdf5_io.hpp
/// Internal helpers of the catalog: checked attribute and dataset I/O on top of
/// hdf5_handle.hpp. Callers must hold h5::library_mutex(). All helpers throw
/// std::runtime_error naming the file and the object path on any HDF5 failure.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "catalog/detail/hdf5_handle.hpp"

namespace reelscale::catalog::h5 {

/// An open HDF5 object plus the names used in error messages.
struct Loc {
  hid_t id;                           ///< file or group identifier
  const std::filesystem::path* file;  ///< the HDF5 file (for messages)
  std::string path;                   ///< absolute object path inside the file ("/" for the root)

  /// Path of child `name` below this object.
  std::string child(const std::string& name) const { return path == "/" ? "/" + name : path + "/" + name; }
};

/// Native (memory) HDF5 type for T. Not owned: do not close.
template <class T>
hid_t native_type() {
  if constexpr (std::is_same_v<T, double>)
    return H5T_NATIVE_DOUBLE;
  else if constexpr (std::is_same_v<T, float>)
    return H5T_NATIVE_FLOAT;
  else if constexpr (std::is_same_v<T, std::uint64_t>)
    return H5T_NATIVE_UINT64;
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return H5T_NATIVE_INT64;
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return H5T_NATIVE_INT32;
  else if constexpr (std::is_same_v<T, std::uint8_t>)
    return H5T_NATIVE_UINT8;
  else
    static_assert(sizeof(T) == 0, "unsupported HDF5 element type");
}

/// File (on-disk, little-endian IEEE/two's complement) HDF5 type for T. Not owned.
template <class T>
hid_t file_type() {
  if constexpr (std::is_same_v<T, double>)
    return H5T_IEEE_F64LE;
  else if constexpr (std::is_same_v<T, float>)
    return H5T_IEEE_F32LE;
  else if constexpr (std::is_same_v<T, std::uint64_t>)
    return H5T_STD_U64LE;
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return H5T_STD_I64LE;
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return H5T_STD_I32LE;
  else if constexpr (std::is_same_v<T, std::uint8_t>)
    return H5T_STD_U8LE;
  else
    static_assert(sizeof(T) == 0, "unsupported HDF5 element type");
}

/// A variable-length C string type. `raw_bytes` selects H5T_CSET_ASCII, which
/// HDF5 does not validate (any bytes except NUL); otherwise H5T_CSET_UTF8.
Datatype vlen_string_type(bool raw_bytes, const Loc& where);

/// Creates group `name` below `parent`.
Group create_group(const Loc& parent, const std::string& name);
/// Opens group `name` below `parent` (throws when missing).
Group open_group(const Loc& parent, const std::string& name);
/// True when link `name` exists below `parent`.
bool link_exists(const Loc& parent, const std::string& name);

/// Writes a scalar variable-length string attribute.
void write_attr_string(const Loc& obj, const std::string& name, const std::string& value, bool raw_bytes = false);
/// Writes a scalar numeric attribute (stored little-endian).
template <class T>
void write_attr(const Loc& obj, const std::string& name, T value);

/// True when attribute `name` exists on `obj`.
bool attr_exists(const Loc& obj, const std::string& name);
/// Reads a scalar string attribute (variable or fixed length). Missing: `fallback`
/// if given, else throws.
std::string read_attr_string(const Loc& obj, const std::string& name,
                             const std::optional<std::string>& fallback = std::nullopt);
/// Reads a scalar numeric attribute converted to T. Missing: `fallback` if given, else throws.
template <class T>
T read_attr(const Loc& obj, const std::string& name, const std::optional<T>& fallback = std::nullopt);

/// Compression of a numeric dataset.
enum class Filter { none, deflate, shuffle_deflate };

/// Writes a chunked dataset of `rows` x `cols` elements (1-D when cols == 0) with an
/// unlimited first dimension, so zero rows are valid. `chunk_rows` caps rows per chunk.
template <class T>
void write_array(const Loc& group, const std::string& name, const T* data, std::size_t rows, std::size_t cols,
                 Filter filter, std::size_t chunk_rows);

/// Reads a whole numeric dataset. `cols` must match its second dimension (0 for
/// 1-D); throws std::runtime_error on a rank/shape mismatch. Returns rows*max(cols,1) values.
template <class T>
std::vector<T> read_array(const Loc& group, const std::string& name, std::size_t cols);

/// Reads rows [first, first + count) of a numeric dataset (a hyperslab), clipped
/// to the rows present; `cols` as in read_array. Returns the rows read times
/// max(cols,1) values (empty when `first` is past the end).
template <class T>
std::vector<T> read_rows(const Loc& group, const std::string& name, std::size_t cols, std::size_t first,
                         std::size_t count);

/// One member of a compound type: name, offset in the memory struct, native
/// (memory) type and file type (not owned).
struct Member {
  const char* name;
  std::size_t offset;
  hid_t mem;
  hid_t file;
};

/// Builds the memory compound type (size `struct_size`, members at their offsets).
Datatype compound_mem_type(std::size_t struct_size, const std::vector<Member>& members, const Loc& where);
/// Builds the packed file compound type (members in order, no padding).
Datatype compound_file_type(const std::vector<Member>& members, const Loc& where);

/// Writes `rows` compound records (1-D, chunked, unlimited, deflate level 1).
void write_compound(const Loc& group, const std::string& name, hid_t mem_type, hid_t file_type, const void* data,
                    std::size_t rows);

/// Number of rows of 1-D dataset `name`.
std::size_t dataset_rows(const Loc& group, const std::string& name);

/// Reads 1-D compound dataset `name` into `out` (which must hold dataset_rows()
/// records of `mem_type`). Members are matched by name. If the memory type holds
/// variable-length strings, call reclaim_vlen afterwards.
void read_compound(const Loc& group, const std::string& name, hid_t mem_type, void* out, std::size_t rows);

/// Frees HDF5-allocated variable-length data in `rows` records of `mem_type`.
void reclaim_vlen(hid_t mem_type, void* buf, std::size_t rows);

/// Copies a C string returned by HDF5 (nullptr -> "").
inline std::string from_c(const char* s) { return s ? std::string(s) : std::string(); }

}  // namespace reelscale::catalog::h5
