/// @file fuzz_catalog.cpp
/// libFuzzer harness: reelscale's boundary for untrusted shards and catalogs (a guarded
/// child read, then the in-process read; fuzz/catalog_one.hpp, shared with the regression
/// replay in tests/test_hostile_fuzz.cpp). The bytes go to a file under /dev/shm (HDF5 opens
/// by name).

#include <unistd.h>

#include <hdf5.h>

#include "catalog_one.hpp"

// The sanitizer runtime's hook (sanitizer/common_interface_defs.h): libFuzzer sets it to write
// the current input as crash-<sha1>. In the guarded child a sanitizer report is the contained
// outcome, so the child clears it; the child still dies and the parent refuses the input.
extern "C" void __sanitizer_set_death_callback(void (*callback)(void));

namespace {
void quiet_child() { __sanitizer_set_death_callback(nullptr); }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/dev/shm/reelscale-fuzz-catalog-" + std::to_string(::getpid()) + ".h5";
  static bool quiet = (H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr), true);
  (void)quiet;
  (void)reelscale::fuzz::catalog_guarded_one(data, size, path, 10, quiet_child);
  return 0;
}
