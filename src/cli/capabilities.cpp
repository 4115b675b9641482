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

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "export/export_command.hpp"
#include "report/progress.hpp"
#include "report/report_writer.hpp"

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
  auto no_report = std::make_shared<bool>(false);
  run_cmd.add_flag("--no-report", *no_report, "Do not write the HTML report OUT/report/ at the end of the run");
  caps.apply.push_back([no_report](run::RunOptions& r) {
    if (*no_report) return;
    r.post_merge.push_back({"report", [](const std::filesystem::path& out) {
                              const auto s = report::write_report(out);
                              spdlog::info("report: {} asset page(s) in {:.2f} s: {}", s.pages, s.seconds,
                                           (out / "report" / "index.html").string());
                            }});
  });

  auto progress = std::make_shared<std::string>("auto");
  run_cmd.add_option("--progress", *progress,
                     "auto|bar|log: one updating line on a terminal (auto when stderr is a TTY) or a log line per "
                     "asset; OUT/status.json holds the same counters either way")
      ->check(CLI::IsMember({"auto", "bar", "log"}));
  caps.apply.push_back([progress](run::RunOptions& r) {
    const bool bar = progress::use_bar(progress::parse_mode(*progress), STDERR_FILENO);
    auto rep = std::make_shared<std::unique_ptr<progress::Reporter>>();
    const std::filesystem::path status = r.out / "status.json";
    r.progress.start = [rep, status, bar](std::int64_t assets, double bytes) {
      // With the updating line, every log line first clears it (it is redrawn after the next asset).
      if (bar) spdlog::set_pattern("\r\x1b[2K%Y-%m-%dT%H:%M:%S %^%l%$ %v");
      *rep = std::make_unique<progress::Reporter>(status, bar, assets, bytes);
    };
    r.progress.asset = [rep](int rank, const AssetRecord& rec, double bytes) {
      return !*rep || (*rep)->asset_done(rank, std::string(to_string(rec.status)), rec.frames, rec.duration_s, bytes);
    };
    r.progress.finish = [rep] {
      if (*rep) (*rep)->finish();
    };
  });

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
  report::register_report_command(app);

  // ---- export ----
  exports::register_export_command(app);

  // ---- duplicates ----
}

}  // namespace reelscale::cli
