#pragma once
/// @file catalog_one.hpp
/// The body of the fuzz_catalog harness, shared with its regression replay
/// (tests/test_hostile_fuzz.cpp replays fuzz/regressions/fuzz_catalog/ through it):
/// the shard/catalog reader (catalog::CatalogReader) on an arbitrary file: open, list
/// assets, read every asset with its frames, read the assets table. HDF5 opens by
/// name, so the bytes go to a file first (`path`, e.g. under /dev/shm).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>

#include "catalog/catalog_reader.hpp"

namespace reelscale::fuzz {

/// Writes `data` to `path` and reads it as a catalog; reader exceptions (the expected
/// outcome for most inputs) are swallowed. @return the number of assets read in full.
inline int catalog_one(const std::uint8_t* data, std::size_t size, const std::string& path) {
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  } else {
    return 0;
  }
  int read = 0;
  try {
    reelscale::catalog::CatalogReader r(path);
    for (const auto& id : r.asset_ids()) {
      try {
        (void)r.read_asset(id, true);
        ++read;
      } catch (const std::exception&) {
      }
    }
    (void)r.read_assets_table();
  } catch (const std::exception&) {
  }
  return read;
}

}  // namespace reelscale::fuzz
