/// @file main.cpp
/// The `reelscale` executable: CLI11 subcommands.

#include <cstdio>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "cli/capabilities.hpp"
#include "cli/eval_command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/index_command.hpp"
#include "cli/query_command.hpp"
#include "cli/run_command.hpp"
#include "ingest/log_escape.hpp"

int main(int argc, char** argv) {
  using namespace reelscale::cli;
  spdlog::set_default_logger(spdlog::stderr_color_mt("reelscale"));
  reelscale::ingest::install_escaping_log_pattern("%Y-%m-%dT%H:%M:%S %^%l%$ %v");  // names may hold control characters

  CLI::App app{"reelscale: searchable scene catalogs from video archives"};
  app.require_subcommand(1);
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Debug logging");
  app.parse_complete_callback([&] {
    if (verbose) spdlog::set_level(spdlog::level::debug);
  });
  register_run_command(app);
  reelscale::register_eval_command(app);
  register_merge_command(app);
  register_query_command(app);
  register_index_command(app);
  register_capability_commands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  } catch (const CommandResult& r) {
    return r.code;
  } catch (const UsageError& e) {
    spdlog::error("{}", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return kExitFailure;
  }
  return kExitOk;
}
