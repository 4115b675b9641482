#pragma once
/// @file out_guard.hpp
/// Safe handling of OUT (docs/reliability.md): an earlier run is moved aside,
/// never deleted; untrusted HDF5 files (shards, catalogs) are read first in a
/// child process with a watchdog, so a corrupt file gives a clear error instead
/// of a crash or an endless loop in the parent; corrupt shards are quarantined.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "util/guarded.hpp"

namespace reelscale::run {

struct ShardChecksum;

/// Empty when `shard` has the size and SHA-256 of `want`; else why not (naming the file
/// and both digests, or the read error).
std::string shard_checksum_mismatch(const std::filesystem::path& shard, const ShardChecksum& want);

/// True when `out` holds the state of a run (catalog.h5, journal/ or shards/).
bool holds_run(const std::filesystem::path& out);

/// Moves the files of an earlier run (catalog.h5[.partial], manifest.jsonl, shards/,
/// journal/, assets/, keyframes/, index/) into OUT/previous/<UTC time>/ with rename(2):
/// nothing is deleted. @return that folder, empty when there was nothing to move.
/// @throws std::filesystem::filesystem_error when a rename fails.
std::filesystem::path set_aside_previous_run(const std::filesystem::path& out);

/// Child-process reads of untrusted files (util/guarded.hpp).
using util::Guarded;
using util::guarded;

/// Opens the catalog or shard `h5` and, in a guarded child, reads every asset with
/// its frames (`deep`) or only the asset list and the assets table (not `deep`:
/// cheap enough before every query/index). @return the number of assets. @throws std::runtime_error naming the
/// file when it is corrupt, crashes the reader or takes longer than `timeout_s`.
std::int64_t validate_catalog_file(const std::filesystem::path& h5, double timeout_s = 300, bool deep = true);

/// Checks every shard of OUT/shards/: a closed shard with a journalled checksum
/// (ShardChecksum) must match it (SHA-256 and size; a match is trusted without reading it);
/// any other (".partial", older runs) is read in a guarded child (validate_catalog_file).
/// A corrupt one is moved to OUT/quarantine/ with one clear error line, so its journalled
/// assets are redone by --resume. @return the names of the shards quarantined.
std::vector<std::string> quarantine_corrupt_shards(const std::filesystem::path& out);

}  // namespace reelscale::run

namespace reelscale::run {

/// True when `e` (or its message) says the disk is full (ENOSPC, HDF5's
/// "No space left on device").
bool is_disk_full(const std::exception& e);

}  // namespace reelscale::run
