#include "cli/merge_command.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "cli/exit_codes.hpp"
#include "run/merge.hpp"
#include "run/out_layout.hpp"
#include "run/out_lock.hpp"

namespace reelscale::cli {
namespace fs = std::filesystem;
namespace {

int merge(const std::string& out_arg) {
  const fs::path out = fs::absolute(out_arg).lexically_normal();
  std::error_code ec;
  if (!fs::is_directory(run::layout::journal_dir(out), ec))
    throw UsageError("'" + out.string() + "' holds no reelscale run (no journal/ folder)");
  std::optional<run::OutLock> lock;
  try {
    lock.emplace(out);
  } catch (const std::runtime_error& e) {
    throw UsageError(e.what());
  }
  const run::MergeStats m = run::merge_catalog(out);
  lock.reset();
  spdlog::info(
      "merged {} asset(s) from {} shard(s) into '{}' in {:.2f} s ({:.1f} MiB); {} superseded, "
      "{} unreadable, {} no longer in the manifest",
      m.assets, m.shards, run::layout::catalog_path(out).string(), m.seconds, double(m.bytes) / (1 << 20), m.superseded,
      m.unreadable, m.not_in_manifest);
  if (m.missing) {
    spdlog::error("{} file(s) of the manifest have no record yet: run again with --resume", m.missing);
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void register_merge_command(CLI::App& app) {
  auto out = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "merge", "Build OUT/catalog.h5 from the rank shards of a run (each asset once, newest complete record)");
  cmd->add_option("out", *out, "Output folder of a `reelscale run`")->required();
  cmd->callback([out] { throw CommandResult{merge(*out)}; });
}

}  // namespace reelscale::cli
