#pragma once
/// @file cluster_run.hpp
/// `reelscale run` on one process or N MPI ranks (docs/cluster.md).
///
/// Rank 0 builds the manifest (path, size, mtime), orders it largest first and
/// hands assets out one at a time on request (MPI point-to-point, served by a
/// thread on rank 0 while rank 0's main thread processes assets too). Every rank
/// writes only its own shard (OUT/shards/rank-K.attempt-M.h5), its sidecars and
/// its journal; rank 0 merges into OUT/catalog.h5 when all ranks are done.

#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "run/run_options.hpp"
#include "run/run_report.hpp"

namespace reelscale::cluster {

class MpiSession;

/// The options of a run (src/run/run_options.hpp).
using ClusterRunOptions = run::RunOptions;

/// Thrown on rank 0 when the setup (input walk, OUT lock, manifest, resume check)
/// failed; every other rank has already returned exit code 2. `cause` is the original.
struct SetupError : std::runtime_error {
  SetupError(const std::string& what, std::exception_ptr c) : std::runtime_error(what), cause(std::move(c)) {}
  std::exception_ptr cause;
};

struct ClusterRunResult {
  int exit_code =
      0;  ///< 0; 1 when assets of the manifest are missing from the catalog; 2 when the setup failed (ranks > 0)
  run::RunTotals totals;  ///< rank 0 only (other ranks: zeros)
};

/// Runs the whole job on this rank. Collective: every rank of `mpi` calls it.
ClusterRunResult run_cluster(const ClusterRunOptions& opts, MpiSession& mpi);

}  // namespace reelscale::cluster
