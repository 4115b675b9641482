#pragma once
/// @file run_report.hpp
/// Progress lines and the end-of-run summary table.

#include <cstdint>
#include <map>
#include <string>

#include "record/asset_record.hpp"

namespace reelscale::run {

/// Totals over a run.
struct RunTotals {
  std::int64_t assets = 0, ok = 0, damaged = 0, error = 0, rejected = 0, skipped = 0;
  std::int64_t frames = 0;
  double media_s = 0;  ///< seconds of media processed
  double wall_s = 0;   ///< wall time of the whole run, seconds
  /// CPU seconds per pipeline stage summed over the assets rank 0 processed
  /// (AssetRecord::stage_cpu_s: decode, measure, audio, fixity, shots, scenes, ...).
  std::map<std::string, double> stage_cpu_s;

  void add(const AssetRecord& rec);
};

/// One progress line: "[i/n] path  frames  fps  xRT  status  error".
std::string progress_line(const AssetRecord& rec, std::int64_t index, std::int64_t total);

/// The final table: assets by status, hours of media, frames, wall time, frames/s,
/// then CPU seconds per stage (when any were recorded).
std::string summary_table(const RunTotals& t);

}  // namespace reelscale::run
