#pragma once
/// @file asset_pipeline.hpp
/// The per-asset pipeline: fixity, technical metadata, decode every video frame,
/// per-frame kernels in a oneTBB parallel_pipeline, then detection.
/// Knows nothing of MPI; the cluster layer calls it once per asset.

#include <filesystem>
#include <memory>

#include "pipeline/pipeline_options.hpp"
#include "record/asset_record.hpp"

namespace reelscale::pipeline {

/// Processes one file. Never throws for bad media: damaged or unusable input is
/// reported through `status` and `error` (with FFmpeg's error string), keeping
/// whatever was decoded. Throws only for programming errors (std::logic_error).
/// The asset id is derived from `file` as given (callers pass an absolute path).
AssetRecord analyse_asset(const std::filesystem::path& file, const PipelineOptions& opts = {});

}  // namespace reelscale::pipeline
