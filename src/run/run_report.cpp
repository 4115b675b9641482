#include "run/run_report.hpp"

#include <fmt/format.h>

namespace reelscale::run {

void RunTotals::add(const AssetRecord& rec) {
  ++assets;
  switch (rec.status) {
    case AssetStatus::ok: ++ok; break;
    case AssetStatus::damaged: ++damaged; break;
    case AssetStatus::error: ++error; break;
    case AssetStatus::rejected: ++rejected; break;
  }
  frames += rec.frames;
  media_s += rec.duration_s;
  for (const auto& [stage, cpu] : rec.stage_cpu_s) stage_cpu_s[stage] += cpu;
}

std::string progress_line(const AssetRecord& rec, std::int64_t index, std::int64_t total) {
  const double fps = rec.wall_s > 0 ? double(rec.frames) / rec.wall_s : 0;
  const double xrt = rec.wall_s > 0 ? rec.duration_s / rec.wall_s : 0;
  std::string line = fmt::format("[{}/{}] {}  frames={} {:.0f} frames/s {:.1f}x real time  {}", index, total, rec.path,
                                 rec.frames, fps, xrt, to_string(rec.status));
  if (!rec.error.empty()) line += "  (" + rec.error + ")";
  return line;
}

std::string summary_table(const RunTotals& t) {
  const double fps = t.wall_s > 0 ? double(t.frames) / t.wall_s : 0;
  std::string s;
  s += "+-----------------+---------------+\n";
  s += fmt::format("| {:<15} | {:>13} |\n", "assets", t.assets);
  s += fmt::format("| {:<15} | {:>13} |\n", "  ok", t.ok);
  s += fmt::format("| {:<15} | {:>13} |\n", "  damaged", t.damaged);
  s += fmt::format("| {:<15} | {:>13} |\n", "  error", t.error);
  if (t.rejected) s += fmt::format("| {:<15} | {:>13} |\n", "  rejected", t.rejected);
  if (t.skipped) s += fmt::format("| {:<15} | {:>13} |\n", "  skipped (done)", t.skipped);
  s += fmt::format("| {:<15} | {:>13.3f} |\n", "hours of media", t.media_s / 3600.0);
  s += fmt::format("| {:<15} | {:>13} |\n", "frames", t.frames);
  s += fmt::format("| {:<15} | {:>13.1f} |\n", "wall time (s)", t.wall_s);
  s += fmt::format("| {:<15} | {:>13.0f} |\n", "frames/s", fps);
  s += "+-----------------+---------------+\n";
  if (!t.stage_cpu_s.empty()) {
    for (const auto& [stage, cpu] : t.stage_cpu_s) s += fmt::format("| {:<15} | {:>13.2f} |\n", "CPU s " + stage, cpu);
    s += "+-----------------+---------------+\n";
  }
  return s;
}

}  // namespace reelscale::run
