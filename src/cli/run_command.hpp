#pragma once
/// @file run_command.hpp
/// `reelscale run`: the main job (one process or MPI ranks, see docs/cluster.md),
/// and its companion `reelscale merge`.

namespace CLI {
class App;
}

namespace reelscale::cli {

/// Adds the `run` subcommand to `app`.
void register_run_command(CLI::App& app);

/// Adds the `merge` subcommand to `app` (defined in merge_command.cpp; declared
/// here too so main.cpp needs no extra include).
void register_merge_command(CLI::App& app);

}  // namespace reelscale::cli
