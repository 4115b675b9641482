#pragma once
/// @file run_command.hpp
/// `reelscale run`: the main job.

namespace CLI { class App; }

namespace reelscale::cli {

/// Adds the `run` subcommand to `app`.
void register_run_command(CLI::App& app);

}  // namespace reelscale::cli
