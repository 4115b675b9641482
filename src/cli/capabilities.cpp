/// @file capabilities.cpp
/// One slot per capability area. Fill only your own slot (keep the blank lines around
/// it, so that merges of different areas do not touch the same lines). A slot typically:
///
///   auto o = std::make_shared<faces::Options>();
///   run_cmd.add_flag("--no-faces", o->off, "Skip face detection");
///   caps.apply.push_back([o](run::RunOptions& r) {
///     if (o->off) return;
///     r.pipeline.frame_analysers.push_back([o] { return faces::make_analyser(*o); });
///     r.post_merge.push_back({"faces", [o](const std::filesystem::path& out) { faces::build_identities(out, *o); }});
///   });

#include "cli/capabilities.hpp"

#include <filesystem>
#include <memory>

namespace reelscale::cli {

void register_capability_options(CLI::App& run_cmd, Capabilities& caps) {
  (void)run_cmd;
  (void)caps;

  // ---- faces (src/faces) ----

  // ---- end faces ----

  // ---- text (src/text) ----

  // ---- end text ----

  // ---- moderation (src/moderation) ----

  // ---- end moderation ----

  // ---- speech (src/speech) ----

  // ---- end speech ----

  // ---- fulltext (src/fulltext) ----

  // ---- end fulltext ----

  // ---- outputs (src/outputs) ----

  // ---- end outputs ----

  // ---- report (src/report) ----

  // ---- end report ----

  // ---- export (src/export) ----

  // ---- end export ----

  // ---- duplicates (src/duplicates) ----

  // ---- end duplicates ----
}

void register_capability_commands(CLI::App& app) {
  (void)app;

  // ---- faces ----

  // ---- text ----

  // ---- moderation ----

  // ---- speech ----

  // ---- fulltext ----

  // ---- outputs ----

  // ---- report ----

  // ---- export ----

  // ---- duplicates ----
}

}  // namespace reelscale::cli
