#include "cli/run_command.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "archive/input_walker.hpp"
#include "cli/exit_codes.hpp"
#include "run/local_run.hpp"

namespace reelscale::cli {
namespace fs = std::filesystem;
namespace {

struct RunArgs {
  std::string input;
  std::string out;
  int threads = 0;
  int analysis_width = 256;
  bool no_shots = false;
  std::vector<std::string> include, exclude;
};

/// Checks OUT can be created and written before any work starts.
void check_writable(const fs::path& out) {
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) throw UsageError("cannot create output folder '" + out.string() + "': " + ec.message());
  const fs::path probe = out / ".reelscale-write-test";
  std::FILE* f = std::fopen(probe.c_str(), "w");
  if (!f) throw UsageError("output folder '" + out.string() + "' is not writable");
  std::fclose(f);
  fs::remove(probe, ec);
}

int run(const RunArgs& a) {
  const fs::path out = fs::absolute(a.out);
  std::vector<fs::path> files;
  try {
    files = archive::filter_by_name(archive::collect_inputs(a.input), a.include, a.exclude);
  } catch (const std::exception& e) {
    throw UsageError(e.what());
  }
  check_writable(out);
  spdlog::info("reelscale run: {} asset(s) from '{}' into '{}'", files.size(), a.input, out.string());

  run::RunOptions opts;
  opts.files = std::move(files);
  opts.out = out;
  opts.threads = a.threads;
  opts.pipeline.analysis_width = a.analysis_width;
  opts.pipeline.detect_shots = !a.no_shots;
  const run::RunTotals totals = run::run_local(opts);
  std::fputs(run::summary_table(totals).c_str(), stdout);
  std::fflush(stdout);
  return kExitOk;
}

}  // namespace

void register_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Process an archive: fixity, metadata, per-frame measures, shots, catalog");
  cmd->add_option("-i,--input", args->input, "Folder to walk recursively, a list file (one path per line or NUL-separated), or one media file")
      ->required();
  cmd->add_option("-o,--out", args->out, "Output folder (catalog.h5, assets/*.json)")->required();
  cmd->add_option("-t,--threads", args->threads, "Worker threads (0 = all cores)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--analysis-width", args->analysis_width, "Width in pixels of the grey analysis image")
      ->check(CLI::Range(32, 4096));
  cmd->add_option("--include", args->include, "Only files whose name matches this glob (repeatable)");
  cmd->add_option("--exclude", args->exclude, "Skip files whose name matches this glob (repeatable)");
  cmd->add_flag("--no-shots", args->no_shots, "Skip shot detection (per-frame measures only)");
  cmd->callback([args] { throw CommandResult(run(*args)); });
}

}  // namespace reelscale::cli
