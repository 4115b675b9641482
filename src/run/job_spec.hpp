#pragma once
/// @file job_spec.hpp
/// Campaign specs: `reelscale run --job jobs/<name>.json` (format in docs/cluster.md).
///
///   {
///     "name": "dev",                          // optional label
///     "inputs": ["../../shared/corpus/dev"],  // folders, list files or files
///     "include": ["*.mp4", "*.mov"],          // name globs (optional)
///     "exclude": ["*.json"],                  // name globs (optional)
///     "out": "/scratch/reelscale/dev",        // output folder
///     "threads": 0,                           // per rank; 0 = split the node's cores
///     "analysis_width": 256,
///     "shots": true,
///     "embedder": "onnx:models/net.onnx,size=224x224",  // optional, default "gist"
///     "retry_errors": false
///   }
///
/// Relative `inputs`, `out` and ONNX model paths in `embedder` (spec syntax in
/// src/scenes/embedder_spec.hpp) are relative to the folder holding the spec file,
/// so a spec means the same thing whatever the working directory of the job.
/// Command-line options given next to --job override the spec's values.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace reelscale::run {

struct JobSpec {
  std::string name;
  std::vector<std::filesystem::path> inputs;
  std::vector<std::string> include, exclude;
  std::filesystem::path out;  ///< empty when the spec has none
  std::optional<int> threads;
  std::optional<int> analysis_width;
  std::optional<bool> shots;
  std::optional<std::string> embedder;  ///< canonical embedder spec (model path made absolute)
  std::optional<bool> retry_errors;
};

/// Reads and checks a spec. @throws std::runtime_error naming the file and the
/// key for unreadable JSON, unknown keys or wrongly typed values.
JobSpec load_job_spec(const std::filesystem::path& file);

}  // namespace reelscale::run
