#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "cli/exit_codes.hpp"
#include "report/report_writer.hpp"

namespace reelscale::report {

void register_report_command(CLI::App& app) {
  auto out = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("report", "Write the static HTML report OUT/report/index.html");
  cmd->add_option("out", *out, "Output folder of a `reelscale run`")->required();
  cmd->callback([out] {
    const std::filesystem::path o = std::filesystem::absolute(*out);
    if (!std::filesystem::is_directory(o / "assets"))
      throw cli::UsageError("'" + o.string() + "' holds no reelscale run (no assets/ folder)");
    const ReportStats s = write_report(o);
    spdlog::info("report: {} asset page(s) in {:.2f} s: {}", s.pages, s.seconds, (o / "report" / "index.html").string());
    throw cli::CommandResult{s.unreadable ? cli::kExitFailure : cli::kExitOk};
  });
}

}  // namespace reelscale::report
