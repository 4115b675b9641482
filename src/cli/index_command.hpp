#pragma once
/// @file index_command.hpp
/// `reelscale index OUT`: (re)builds the Faiss indexes of a run (indexes/scene_index.hpp).

#include <CLI/CLI.hpp>

namespace reelscale::cli {

/// Adds the `index` subcommand to `app`.
void register_index_command(CLI::App& app);

}  // namespace reelscale::cli
