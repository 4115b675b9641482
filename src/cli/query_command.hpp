#pragma once
/// @file query_command.hpp
/// `reelscale query OUT --image FILE | --scene ASSET_ID:SCENE | --frame ASSET_ID:FRAME [-k 10] [--json]`
/// (see docs/scenes.md); the retrieval itself is search/query.hpp.

#include <CLI/CLI.hpp>

namespace reelscale::cli {

/// Registers the `query` subcommand.
void register_query_command(CLI::App& app);

}  // namespace reelscale::cli
