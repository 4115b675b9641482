#pragma once
/// @file catalog_one.hpp
/// The bodies of the catalog harnesses, shared with their regression replay
/// (tests/test_hostile_fuzz.cpp replays fuzz/regressions/fuzz_catalog/ through them).
/// HDF5 opens by name, so the bytes go to a file first (`path`, e.g. under /dev/shm).
///
/// - catalog_guarded_one (fuzz_catalog): reelscale's boundary for untrusted HDF5 files, as
///   merge, --resume, index and query use it: the file is read first in a guarded child
///   (util::guarded, a watchdog), and only a file that the child read without crashing or
///   hanging is then read in-process. A crash or hang inside libhdf5 is contained; a crash
///   in reelscale code (the in-process read, or anything the child survived) stops the fuzzer.
/// - catalog_one (fuzz_catalog_inprocess): the reader straight on the bytes, in-process. It
///   fuzzes HDF5 1.10.8 itself, which crashes and loops on corrupt files (docs/reliability.md);
///   for information and for triage, not the product's guarantee.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>

#include "catalog/catalog_reader.hpp"
#include "util/guarded.hpp"

namespace reelscale::fuzz {

/// Writes `data` to `path`. @return false when the file cannot be written.
inline bool write_input(const std::uint8_t* data, std::size_t size, const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  const bool ok = std::fwrite(data, 1, size, f) == size;
  return std::fclose(f) == 0 && ok;
}

/// Reads the catalog or shard at `path` in full with catalog::CatalogReader: open, list
/// assets, read every asset with its frames, read the assets table. Reader exceptions (the
/// expected outcome for most inputs) are swallowed. @return the number of assets read in full.
inline int read_catalog(const std::string& path) {
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

/// The in-process harness body: writes `data` to `path` and reads it. @return assets read.
inline int catalog_one(const std::uint8_t* data, std::size_t size, const std::string& path) {
  return write_input(data, size, path) ? read_catalog(path) : 0;
}

/// The guarded harness body: the child reads first (killed after `timeout_s`); only when it
/// came back does the parent read in-process. @return assets read in-process, or -1 when the
/// child crashed or hung (the input is refused, as validate_catalog_file refuses it).
/// `in_child` runs first in the child (the fuzzer passes one that stops libFuzzer's death
/// callback there, so a contained HDF5 fault is not written out as the fuzzer's crash).
inline int catalog_guarded_one(const std::uint8_t* data, std::size_t size, const std::string& path, double timeout_s,
                               void (*in_child)() = nullptr) {
  if (!write_input(data, size, path)) return 0;
  const util::Guarded g = util::guarded(
      [&path, in_child] {
        if (in_child) in_child();
        return std::int64_t(read_catalog(path));
      },
      timeout_s);
  if (!g.ok) return -1;
  return read_catalog(path);
}

}  // namespace reelscale::fuzz
