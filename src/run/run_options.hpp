#pragma once
/// @file run_options.hpp
/// Options of one `reelscale run` (one process or N MPI ranks; docs/cluster.md).

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "pipeline/pipeline_options.hpp"

namespace reelscale::run {

/// A step run once on rank 0 after the merge and the Faiss index build, with the
/// output folder OUT (e.g. faces identities, full-text index, duplicates, report).
/// Exceptions are logged as errors naming the step; the run's exit code is unchanged.
struct PostMergeStep {
  std::string name;  ///< for messages, e.g. "duplicates"
  std::function<void(const std::filesystem::path& out)> run;
};

/// Everything a run needs.
struct RunOptions {
  std::filesystem::path out;  ///< output folder (absolute; on a filesystem all ranks share)
  int threads = 0;            ///< pipeline threads per rank; 0 = split the node's cores among its ranks
  bool resume = false;        ///< continue the run in OUT: skip assets completed with the same path/size/mtime
  bool retry_errors = false;  ///< with resume: redo assets whose status was "error"
  bool rank0_works = true;    ///< rank 0 processes assets besides serving requests
  pipeline::PipelineOptions pipeline;
  /// Produces the file list; called on rank 0 only. Its exceptions end the run on
  /// every rank (rethrown on rank 0, exit code 2 elsewhere).
  std::function<std::vector<std::filesystem::path>()> collect;
  /// Post-merge steps, in order (rank 0, after merge and index build; cli/run_command.cpp).
  std::vector<PostMergeStep> post_merge;
};

/// Runs every step of `steps` on OUT in order; a throwing step is logged and skipped.
/// Returns the number of steps that threw.
int run_post_merge(const std::vector<PostMergeStep>& steps, const std::filesystem::path& out);

}  // namespace reelscale::run
