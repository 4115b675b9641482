#pragma once
/// @file asset_worker.hpp
/// Processes assets on one rank (or the only process): pipeline, keyframe JPEGs,
/// shard record, sidecar, journal line, in that order, so a journal line promises a
/// readable record (docs/cluster.md). No MPI.

#include <cstdint>

#include <tbb/task_arena.h>

#include "record/asset_record.hpp"
#include "run/journal.hpp"
#include "run/run_options.hpp"
#include "run/shard.hpp"

namespace reelscale::run {

/// One rank's asset processor for one run attempt.
class AssetWorker {
 public:
  /// @param threads worker threads of this rank's TBB arena
  AssetWorker(const RunOptions& opts, int rank, int attempt, int threads);

  /// Processes one asset and writes every output of it. Never throws for bad media
  /// (the record carries the error); throws std::runtime_error when the shard or the
  /// journal cannot be written (the rank cannot go on).
  AssetRecord process(const ManifestEntry& e);

  /// Closes (and renames) this rank's shard, then journals its SHA-256 (ShardChecksum),
  /// which merge and --resume verify before they use the shard.
  /// @throws std::runtime_error when the shard cannot be read back or the journal written.
  void close();

 private:
  const RunOptions& opts_;
  int rank_, attempt_;
  tbb::task_arena arena_;
  ShardWriter shard_;
  JournalWriter journal_;
  std::int64_t seq_ = 0;
};

}  // namespace reelscale::run
