#pragma once
/// @file hdf5_handle.hpp
/// RAII owners over HDF5 C API identifiers (hid_t) and checked-call helpers.
/// Only the catalog code includes this header; nothing else touches HDF5.
///
/// Error policy: every HDF5 call is checked; a failure throws std::runtime_error
/// whose message names the action, the HDF5 file, the object path inside it and
/// the HDF5 error stack's messages (outermost API message, then the innermost
/// detail). HDF5's automatic error printing to stderr is switched off.
///
/// Thread safety: Debian's libhdf5 (serial) is not thread-safe. Every public
/// catalog entry point holds library_mutex() while it calls HDF5.

#include <hdf5.h>

#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace reelscale::catalog::h5 {

/// The process-wide lock serialising all HDF5 calls made by the catalog code.
std::recursive_mutex& library_mutex();

/// Switches off HDF5's automatic error printing (H5Eset_auto2) for the default
/// error stack. Idempotent and cheap; every catalog entry point calls it.
void disable_auto_print();

/// The current HDF5 error stack as one line: "<outermost message> (<innermost
/// message>)", or "" when the stack is empty. Clears the stack.
std::string take_error_stack();

/// Throws std::runtime_error("HDF5: cannot <action> '<object>' in '<file>': <stack>").
[[noreturn]] void throw_error(std::string_view action, const std::filesystem::path& file, std::string_view object);

/// Returns `id` when it is a valid identifier (>= 0), else throws via throw_error.
hid_t check_id(hid_t id, std::string_view action, const std::filesystem::path& file, std::string_view object);

/// Throws via throw_error when `status` < 0 (herr_t / htri_t failure); returns it otherwise.
int check_status(int status, std::string_view action, const std::filesystem::path& file, std::string_view object);

/// Move-only owner of one HDF5 identifier, closed with `CloseFn` on destruction.
/// Default-constructed or moved-from handles hold H5I_INVALID_HID and close nothing.
template <herr_t (*CloseFn)(hid_t)>
class Handle {
 public:
  Handle() noexcept = default;
  /// Takes ownership of `id` (may be invalid, then nothing is closed).
  explicit Handle(hid_t id) noexcept : id_(id) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  ~Handle() { reset(); }

  /// The raw identifier (still owned by this handle).
  hid_t get() const noexcept { return id_; }
  /// True when an identifier is held.
  explicit operator bool() const noexcept { return id_ >= 0; }
  /// Gives up ownership and returns the identifier.
  hid_t release() noexcept { return std::exchange(id_, H5I_INVALID_HID); }
  /// Closes the identifier, ignoring failure (destructor semantics).
  void reset() noexcept {
    if (id_ >= 0) CloseFn(id_);
    id_ = H5I_INVALID_HID;
  }
  /// Closes the identifier and throws std::runtime_error if HDF5 reports a failure
  /// (use for files, where closing flushes data).
  void close(const std::filesystem::path& file, std::string_view object) {
    if (id_ < 0) return;
    const hid_t id = std::exchange(id_, H5I_INVALID_HID);
    check_status(CloseFn(id), "close", file, object);
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

using File = Handle<&H5Fclose>;       ///< file identifier (H5Fcreate/H5Fopen)
using Group = Handle<&H5Gclose>;      ///< group identifier
using Dataset = Handle<&H5Dclose>;    ///< dataset identifier
using Dataspace = Handle<&H5Sclose>;  ///< dataspace identifier
using Datatype = Handle<&H5Tclose>;   ///< datatype identifier (only for types we created/copied)
using Attribute = Handle<&H5Aclose>;  ///< attribute identifier
using PropList = Handle<&H5Pclose>;   ///< property list identifier

}  // namespace reelscale::catalog::h5
