#pragma once
/// @file asset_task.hpp
/// One asset through the per-asset pipeline with failure isolation. No MPI:
/// the cluster layer (cluster/) calls this once per asset on every rank.

#include <filesystem>

#include <tbb/task_arena.h>

#include "pipeline/asset_pipeline.hpp"
#include "record/asset_record.hpp"

namespace reelscale::run {

/// Runs pipeline::analyse_asset(file, opts) inside `arena`. Any exception
/// escaping the pipeline is recorded on the asset (status error, `error` names
/// the path and the exception), so the caller can always go on with the next one.
AssetRecord analyse_isolated(const std::filesystem::path& file, const pipeline::PipelineOptions& opts,
                             tbb::task_arena& arena);

/// A header-only error record for `file` (no series, no shots) carrying `message`.
AssetRecord error_record(const std::filesystem::path& file, const std::string& message);

}  // namespace reelscale::run
