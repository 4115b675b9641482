/// @file fuzz_catalog.cpp
/// libFuzzer harness: reelscale's boundary for untrusted shards and catalogs (a guarded
/// child read, then the in-process read; fuzz/catalog_one.hpp, shared with the regression
/// replay in tests/test_hostile_fuzz.cpp). The bytes go to a file under /dev/shm (HDF5 opens
/// by name).

#include <unistd.h>

#include <hdf5.h>

#include "catalog_one.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/dev/shm/reelscale-fuzz-catalog-" + std::to_string(::getpid()) + ".h5";
  static bool quiet = (H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr), true);
  (void)quiet;
  (void)reelscale::fuzz::catalog_guarded_one(data, size, path, 10);
  return 0;
}
