#pragma once
/// @file out_layout.hpp
/// Files of a cluster run below OUT (see docs/cluster.md):
///   OUT/catalog.h5                       merged catalog (written as catalog.h5.partial, renamed)
///   OUT/assets/<id>.json                 per-asset sidecars (written by the rank that did the asset)
///   OUT/manifest.jsonl                   the assets of the latest run (path, size, mtime), rank 0
///   OUT/shards/rank-K.attempt-M.h5       rank K's shard of run attempt M (".partial" until closed)
///   OUT/journal/rank-K.jsonl             append-only journal of rank K (all attempts)
///   OUT/.reelscale.lock                  flock()ed by rank 0 while a run or merge is active

#include <filesystem>
#include <string>

namespace reelscale::run::layout {

namespace fs = std::filesystem;

inline constexpr const char* kPartialSuffix = ".partial";

inline fs::path shards_dir(const fs::path& out) { return out / "shards"; }
inline fs::path journal_dir(const fs::path& out) { return out / "journal"; }
inline fs::path assets_dir(const fs::path& out) { return out / "assets"; }
inline fs::path catalog_path(const fs::path& out) { return out / "catalog.h5"; }
inline fs::path manifest_path(const fs::path& out) { return out / "manifest.jsonl"; }
inline fs::path lock_path(const fs::path& out) { return out / ".reelscale.lock"; }

/// "rank-K.attempt-M.h5"
inline std::string shard_name(int rank, int attempt) {
  return "rank-" + std::to_string(rank) + ".attempt-" + std::to_string(attempt) + ".h5";
}
/// OUT/journal/rank-K.jsonl
inline fs::path journal_path(const fs::path& out, int rank) {
  return journal_dir(out) / ("rank-" + std::to_string(rank) + ".jsonl");
}

/// The shard named `name` (a shard_name()): the closed file when it exists, else
/// the ".partial" one left by a rank that died, else an empty path.
fs::path resolve_shard(const fs::path& out, const std::string& name);

/// fsync()s the file or folder at `p`; false when it cannot be opened or synced.
bool fsync_path(const fs::path& p);

}  // namespace reelscale::run::layout
