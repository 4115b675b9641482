/// @file fuzz_catalog_inprocess.cpp
/// libFuzzer harness: catalog::CatalogReader straight on the bytes, in-process
/// (fuzz/catalog_one.hpp). It fuzzes libhdf5 1.10.8 itself, which crashes and loops on
/// corrupt files; reelscale contains those with the guarded reader (fuzz_catalog). Run it
/// in fork mode (scripts/fuzz.sh does) to find HDF5 defects and reelscale code that HDF5's
/// garbage reaches.

#include <unistd.h>

#include <hdf5.h>

#include "catalog_one.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/dev/shm/reelscale-fuzz-catalog-ip-" + std::to_string(::getpid()) + ".h5";
  static bool quiet = (H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr), true);
  (void)quiet;
  (void)reelscale::fuzz::catalog_one(data, size, path);
  return 0;
}
