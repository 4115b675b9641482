#pragma once
/// @file eval_command.hpp
/// `reelscale eval --truth DIR --out OUT [--json] [--tolerance N] [--verbose]`:
/// scores the sidecars OUT/assets/*.json against DIR/*.truth.json
/// (see eval/shot_eval.hpp for the matching rule).

namespace CLI {
class App;
}

namespace reelscale {

/// Adds the `eval` subcommand to `app`.
void register_eval_command(CLI::App& app);

}  // namespace reelscale
