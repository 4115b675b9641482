#pragma once
/// @file capabilities.hpp
/// Where the capability areas (faces, text, moderation, speech, fulltext, outputs,
/// report, export, duplicates) plug into `reelscale run`: CLI options, pipeline
/// analysers and post-merge steps. See capabilities.cpp for the per-area slots.

#include <functional>
#include <vector>

#include <CLI/CLI.hpp>

#include "run/run_options.hpp"

namespace reelscale::cli {

/// What the capability options of one `run` invocation do to its RunOptions; each
/// function is called once, after the command line (and --job) are parsed.
struct Capabilities {
  std::vector<std::function<void(run::RunOptions&)>> apply;
};

/// Adds every capability area's options to the `run` subcommand and registers how
/// they fill RunOptions (pipeline.frame_analysers, pipeline.audio_analysers, post_merge).
void register_capability_options(CLI::App& run_cmd, Capabilities& caps);

/// Adds the capability areas' own subcommands (e.g. `report`) to the executable.
void register_capability_commands(CLI::App& app);

}  // namespace reelscale::cli
