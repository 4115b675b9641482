#pragma once
/// @file query_command.hpp
/// `reelscale query OUT --image FILE | --scene ASSET_ID:SCENE | --frame ASSET_ID:FRAME [-k 10] [--json]`
/// and `reelscale index OUT [--index-factory STR]` (see docs/scenes.md).

#include <CLI/CLI.hpp>

namespace reelscale::cli {

/// Registers the `query` and `index` subcommands.
void register_query_command(CLI::App& app);

}  // namespace reelscale::cli
