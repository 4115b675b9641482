#pragma once
/// @file merge_command.hpp
/// `reelscale merge OUT`: (re)builds OUT/catalog.h5 from the rank shards.

namespace CLI {
class App;
}

namespace reelscale::cli {

/// Adds the `merge` subcommand to `app`.
void register_merge_command(CLI::App& app);

}  // namespace reelscale::cli
