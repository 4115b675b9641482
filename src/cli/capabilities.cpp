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

#include "cli/duplicates_command.hpp"  // duplicates
#include "duplicates/post_merge.hpp"     // duplicates
#include <spdlog/spdlog.h>              // duplicates

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
  auto dup = std::make_shared<duplicates::DuplicateOptions>();
  auto dup_off = std::make_shared<bool>(false);
  run_cmd.add_flag("--no-duplicates", *dup_off, "Skip the archive-wide duplicate search after the merge");
  run_cmd.add_option("--duplicates-min-seconds", dup->min_seconds, "Shortest reused segment stored, seconds")
      ->check(CLI::NonNegativeNumber);
  caps.apply.push_back([dup, dup_off](run::RunOptions& r) {
    if (*dup_off) return;
    r.post_merge.push_back({"duplicates", [dup](const std::filesystem::path& out) {
                              const auto s = duplicates::write_duplicates(out, *dup);
                              spdlog::info("duplicates: {} assets, {} exact group(s), {} re-encoding pair(s), {} segment pair(s)",
                                           s.assets, s.exact_groups, s.encodings, s.segments);
                            }});
  });

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
  register_duplicates_command(app);
}

}  // namespace reelscale::cli
