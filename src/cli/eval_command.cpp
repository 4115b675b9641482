#include "cli/eval_command.hpp"

#include <exception>
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "eval/adbreak_eval.hpp"
#include "eval/scene_eval.hpp"
#include "eval/shot_eval.hpp"

namespace reelscale {

namespace {
struct EvalArgs {
  std::string truth_dir;
  std::string out_dir;
  bool json = false;
  bool verbose = false;
  int tolerance = eval::kDefaultTolerance;
  std::int64_t scene_tolerance = eval::kSceneTolerance;
  std::int64_t insertion_tolerance = 0;
};
}  // namespace

void register_eval_command(CLI::App& app) {
  auto args = std::make_shared<EvalArgs>();
  auto* cmd =
      app.add_subcommand("eval",
                         "Score shot boundaries, scene boundaries, commercial breaks and insertion points in OUT/assets/*.json against DIR/*.truth.json "
                         "(greedy one-to-one matching; TRECVID-style for shots)");
  cmd->add_option("--truth", args->truth_dir, "folder of <name>.truth.json files")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--out", args->out_dir, "output folder of `reelscale run` (holds assets/<id>.json)")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_flag("--json", args->json, "print the scores as JSON instead of a table");
  cmd->add_option("--tolerance", args->tolerance, "matching tolerance, frames")
      ->default_val(eval::kDefaultTolerance)
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--scene-tolerance", args->scene_tolerance, "scene-boundary matching tolerance, frames")
      ->default_val(eval::kSceneTolerance)
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--insertion-tolerance", args->insertion_tolerance,
                  "frames an insertion point may lie outside an acceptable range (truth insertion_points_ok)")
      ->default_val(0)
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("-v,--verbose", args->verbose, "list missed and false boundaries per file");
  cmd->callback([args]() {
    try {
      auto r = eval::evaluate_corpus(args->truth_dir, args->out_dir, args->tolerance);
      const auto sc = eval::evaluate_scenes(r, args->scene_tolerance);
      const auto ab = eval::evaluate_ad_breaks(r, args->insertion_tolerance);
      if (args->json) {
        auto j = eval::to_json(r);
        j["scenes"] = eval::to_json(sc);
        j["ad_breaks"] = eval::to_json(ab);
        std::cout << j.dump(2) << "\n";
        for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
      } else {
        std::cout << eval::format_table(r, args->verbose);
        if (!sc.files.empty()) std::cout << "\n" << eval::format_scene_table(sc, args->verbose);
        if (!ab.files.empty()) std::cout << "\n" << eval::format_ad_break_table(ab, args->verbose);
      }
    } catch (const std::exception& e) {
      std::cerr << "reelscale eval: " << e.what() << "\n";
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace reelscale
