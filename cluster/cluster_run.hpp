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
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "pipeline/asset_pipeline.hpp"
#include "run/run_report.hpp"

namespace reelscale::cluster {

class MpiSession;

struct ClusterRunOptions {
  std::filesystem::path out;     ///< output folder (absolute; on a filesystem all ranks share)
  int threads = 0;               ///< pipeline threads per rank; 0 = default_threads()
  bool resume = false;           ///< continue the run in OUT: skip assets completed with the same path/size/mtime
  bool retry_errors = false;     ///< with resume: redo assets whose status was "error"
  bool rank0_works = true;       ///< rank 0 processes assets besides serving requests
  pipeline::PipelineOptions pipeline;
  /// Produces the file list; called on rank 0 only. Its exceptions end the run on
  /// every rank (rethrown on rank 0, exit code 2 elsewhere).
  std::function<std::vector<std::filesystem::path>()> collect;
};

/// Thrown on rank 0 when the setup (input walk, OUT lock, manifest, resume check)
/// failed; every other rank has already returned exit code 2. `cause` is the original.
struct SetupError : std::runtime_error {
  SetupError(const std::string& what, std::exception_ptr c) : std::runtime_error(what), cause(std::move(c)) {}
  std::exception_ptr cause;
};

struct ClusterRunResult {
  int exit_code = 0;        ///< 0; 1 when assets of the manifest are missing from the catalog; 2 when the setup failed (ranks > 0)
  run::RunTotals totals;    ///< rank 0 only (other ranks: zeros)
};

/// Runs the whole job on this rank. Collective: every rank of `mpi` calls it.
ClusterRunResult run_cluster(const ClusterRunOptions& opts, MpiSession& mpi);

}  // namespace reelscale::cluster
