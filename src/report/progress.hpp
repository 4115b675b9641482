#pragma once
/// @file progress.hpp
/// Progress for people and dashboards during `reelscale run`: on a terminal a
/// single updating line per rank (assets done/total, media hours, frames/s,
/// ETA), otherwise one log line per asset; and OUT/status.json with the same
/// counters, rewritten atomically (util::write_file_atomic: temporary file, fsync, rename) so a user or
/// a Slurm dashboard can poll it while the job runs.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

namespace reelscale::progress {

/// --progress auto|bar|log.
enum class Mode { automatic, bar, log };

/// Parses "auto" | "bar" | "log". @throws std::invalid_argument otherwise.
Mode parse_mode(const std::string& s);

/// True when `m` resolves to the updating line for a stream with file
/// descriptor `fd` (auto: isatty(fd) and TERM is not "dumb").
bool use_bar(Mode m, int fd);

/// Counters of one rank, or of the whole job.
struct Counters {
  std::int64_t done = 0, total = 0;          ///< assets
  std::int64_t ok = 0, damaged = 0, error = 0;
  std::int64_t frames = 0;
  double media_s = 0;                         ///< seconds of media processed
  double bytes_done = 0, bytes_total = 0;     ///< input bytes (the ETA is by bytes: queues run largest first)
};

/// ETA in seconds from bytes done over `wall_s`; NaN when nothing is done yet, 0 when finished.
double eta_s(const Counters& c, double wall_s);

/// "rank 0 [#####.....]  12/100 assets  1.23 h media  583 frames/s  ETA 0:03:12" (`label` first).
std::string bar_line(const std::string& label, const Counters& c, double wall_s, int bar_width = 20);

/// Writes `j` (2-space indent) to `path` atomically: `path`.tmp, fsync, rename, fsync of the folder.
/// @throws std::runtime_error naming the file on failure.
void write_json_atomic(const std::filesystem::path& path, const nlohmann::json& j);

/// Job progress shown on `tty` (updating lines) or logged, and mirrored in
/// OUT/status.json. Thread-safe. status.json layout (docs/report.md):
/// {"state": "running"|"done", "started_utc", "updated_utc", "wall_s", "assets_done",
///  "assets_total", "ok", "damaged", "error", "frames", "media_hours", "frames_per_s",
///  "eta_s" (null when unknown), "ranks": {"0": {...same counters...}}}.
class Reporter {
 public:
  /// `status_path` empty = no status file. `out` receives the bar lines when `bar` is true.
  Reporter(std::filesystem::path status_path, bool bar, std::int64_t total_assets, double total_bytes,
           std::FILE* out = stderr);
  /// Records one finished asset of `rank`; redraws the lines (at most every 0.2 s)
  /// and rewrites status.json (at most once per second). Returns true when the
  /// caller should log its per-asset line (log mode).
  bool asset_done(int rank, const std::string& status, std::int64_t frames, double media_s, double bytes);
  /// Final redraw and status.json with "state": "done".
  void finish();
  /// Job totals so far.
  Counters totals() const;
  /// The status.json object now (`state` as given).
  nlohmann::json status(const std::string& state) const;
  /// True when showing the updating lines.
  bool bar() const { return bar_; }

 private:
  void redraw_locked(bool force);
  void write_status_locked(const std::string& state, bool force);
  double wall() const;

  std::filesystem::path status_path_;
  bool bar_;
  std::FILE* out_;
  Counters job_;
  std::map<int, Counters> ranks_;
  std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{}, last_status_{};
  std::string started_utc_;
  int lines_drawn_ = 0;
  mutable std::mutex mu_;
};

}  // namespace reelscale::progress
