#pragma once
/// @file run_setup.hpp
/// The setup of a run on rank 0: discard an earlier run (without --resume), build
/// and write the manifest, and with --resume decide which assets are already complete
/// (from the journals and shards, not the sidecars; docs/catalog.md).

#include <cstddef>
#include <filesystem>
#include <vector>

#include "run/journal.hpp"
#include "run/run_options.hpp"

namespace reelscale::run {

/// The outcome of the setup.
struct RunSetup {
  int attempt = 0;                  ///< this run's attempt number (1 + the last one in OUT)
  std::vector<ManifestEntry> todo;  ///< assets to process, largest first
  std::size_t manifest_size = 0;    ///< files in the manifest (todo + already complete)
};

/// Removes the shards, journals, manifest, catalog and sidecars of an earlier run in `out`.
void discard_previous_run(const std::filesystem::path& out);

/// Runs the setup (calls opts.collect). @throws std::runtime_error when --resume meets
/// a catalog made with another embedder, or the manifest cannot be written; the
/// exceptions of opts.collect pass through.
RunSetup prepare_run(const RunOptions& opts);

}  // namespace reelscale::run
