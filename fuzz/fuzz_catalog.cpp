/// @file fuzz_catalog.cpp
/// libFuzzer harness: the shard/catalog reader (catalog::CatalogReader) on an
/// arbitrary file: open, list assets, read every asset with its frames, read the
/// assets table. The bytes go to a file under /dev/shm (HDF5 opens by name).

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>

#include <hdf5.h>

#include "catalog/catalog_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/dev/shm/reelscale-fuzz-catalog-" + std::to_string(::getpid()) + ".h5";
  static bool quiet = (H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr), true);
  (void)quiet;
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  } else {
    return 0;
  }
  try {
    reelscale::catalog::CatalogReader r(path);
    for (const auto& id : r.asset_ids()) {
      try {
        (void)r.read_asset(id, true);
      } catch (const std::exception&) {
      }
    }
    (void)r.read_assets_table();
  } catch (const std::exception&) {
  }
  return 0;
}
