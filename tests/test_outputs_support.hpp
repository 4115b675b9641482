#pragma once
/// @file test_outputs_support.hpp
/// Shared by the media-output tests: one asset analysed with outputs on.

#include <filesystem>
#include <memory>

#include "outputs/asset_outputs.hpp"
#include "pipeline/asset_pipeline.hpp"

namespace reelscale::testing {

/// The analysis record of `src` and the outputs its run made under `out` with options `o`.
struct AnalysedOutputs {
  AssetRecord rec;
  outputs::AssetOutputsResult res;
};

/// Runs pipeline::analyse_asset on `src` with an OutputsStage(o, out) installed.
inline AnalysedOutputs analyse_with_outputs(const std::filesystem::path& src, const outputs::OutputsOptions& o,
                                            const std::filesystem::path& out) {
  auto stage = std::make_shared<outputs::OutputsStage>(o, out);
  pipeline::PipelineOptions po;
  outputs::OutputsStage::install(stage, po);
  AnalysedOutputs a{pipeline::analyse_asset(src, po), {}};
  a.res = stage->result(a.rec.id);
  return a;
}

}  // namespace reelscale::testing
