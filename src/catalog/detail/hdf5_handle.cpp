#include "catalog/detail/hdf5_handle.hpp"

#include <stdexcept>
#include <vector>

namespace reelscale::catalog::h5 {

std::recursive_mutex& library_mutex() {
  static std::recursive_mutex m;
  return m;
}

void disable_auto_print() {
  static std::once_flag once;
  std::call_once(once, [] {
    std::lock_guard lock(library_mutex());
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  });
}

namespace {

herr_t collect_entry(unsigned /*n*/, const H5E_error2_t* err, void* data) {
  auto* out = static_cast<std::vector<std::string>*>(data);
  std::string msg;
  if (err->func_name) msg += err->func_name;
  if (err->desc && *err->desc) {
    if (!msg.empty()) msg += ": ";
    msg += err->desc;
  }
  out->push_back(std::move(msg));
  return 0;
}

}  // namespace

std::string take_error_stack() {
  std::lock_guard lock(library_mutex());
  std::vector<std::string> entries;
  // Downward: from the API function the application called to the innermost
  // function where the error was first detected.
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, &collect_entry, &entries);
  H5Eclear2(H5E_DEFAULT);
  if (entries.empty()) return {};
  if (entries.size() == 1) return entries.front();
  return entries.front() + " (" + entries.back() + ")";
}

void throw_error(std::string_view action, const std::filesystem::path& file, std::string_view object) {
  std::string msg = "HDF5: cannot ";
  msg += action;
  if (!object.empty()) {
    msg += " '";
    msg += object;
    msg += "' in";
  }
  msg += " '";
  msg += file.string();
  msg += "'";
  const std::string stack = take_error_stack();
  if (!stack.empty()) {
    msg += ": ";
    msg += stack;
  }
  throw std::runtime_error(msg);
}

hid_t check_id(hid_t id, std::string_view action, const std::filesystem::path& file, std::string_view object) {
  if (id < 0) throw_error(action, file, object);
  return id;
}

int check_status(int status, std::string_view action, const std::filesystem::path& file, std::string_view object) {
  if (status < 0) throw_error(action, file, object);
  return status;
}

}  // namespace reelscale::catalog::h5
