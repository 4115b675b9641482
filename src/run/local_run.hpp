#pragma once
/// @file local_run.hpp
/// `reelscale run` in one process: every asset through the per-asset pipeline,
/// results into OUT/catalog.h5 and OUT/assets/<id>.json.

#include <filesystem>
#include <vector>

#include "pipeline/asset_pipeline.hpp"
#include "run/run_report.hpp"

namespace reelscale::run {

/// Options of a single-process run.
struct RunOptions {
  std::vector<std::filesystem::path> files;  ///< assets, as collected by archive::collect_inputs
  std::filesystem::path out;                 ///< output folder (created)
  int threads = 0;                           ///< worker threads (oneTBB arena); 0 = all cores
  pipeline::PipelineOptions pipeline;
};

/// Processes every file; an exception inside one asset is recorded on that asset
/// (status error) and the run goes on. Prints one progress line per asset.
/// @throws std::runtime_error only when the run itself cannot proceed (OUT not writable).
RunTotals run_local(const RunOptions& opts);

}  // namespace reelscale::run
