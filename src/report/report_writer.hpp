#pragma once
/// @file report_writer.hpp
/// Writes the static HTML report OUT/report/ from a run's sidecars (and the
/// loudness series of OUT/catalog.h5 when present). Layout in docs/report.md.

#include <cstdint>
#include <filesystem>

namespace CLI { class App; }

namespace reelscale::report {

/// What write_report produced.
struct ReportStats {
  std::int64_t assets = 0;   ///< rows in the index
  std::int64_t pages = 0;    ///< asset pages written
  std::int64_t unreadable = 0;  ///< sidecars that could not be parsed (logged, skipped)
  double seconds = 0;        ///< wall time
};

/// Writes OUT/report/{index.html, assets.js, report.css, report.js, asset/<id>.html}.
/// Asset pages are written in parallel (oneTBB); catalog reads are serialised.
/// @throws std::runtime_error when OUT/assets is missing or a file cannot be written.
ReportStats write_report(const std::filesystem::path& out);

/// Adds the `report` subcommand (`reelscale report OUT`) to `app`.
void register_report_command(CLI::App& app);

}  // namespace reelscale::report
