#pragma once
/// @file export_command.hpp
/// `reelscale export OUT [--asset ID] --format csv|edl|otio|fcpxml|ffmetadata|webvtt
/// [--units scenes|shots|breaks] [--out FILE|DIR]`.

#include <filesystem>
#include <string>

namespace CLI { class App; }

namespace reelscale::exports {

/// Options of one export.
struct ExportOptions {
  std::filesystem::path out_dir;  ///< the run's OUT folder
  std::string asset;              ///< one asset id; empty = every ok/damaged asset
  std::string format = "csv";
  std::string units = "scenes";
  std::filesystem::path dest;     ///< file (one asset) or folder; empty = stdout (one asset) or OUT/exports/<format>/
};

/// Runs an export; returns the number of files written (0 when printed to stdout).
/// @throws std::invalid_argument for a bad format/units or unknown asset id,
/// std::runtime_error for unreadable sidecars or unwritable files.
int run_export(const ExportOptions& o);

/// Adds the `export` subcommand to `app`.
void register_export_command(CLI::App& app);

}  // namespace reelscale::exports
