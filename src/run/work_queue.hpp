#pragma once
/// @file work_queue.hpp
/// Rank 0's view of a run: the queue of assets (largest first, as the manifest is
/// ordered) and the progress line with an ETA. Thread-safe; knows nothing of MPI.

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "record/asset_record.hpp"
#include "run/journal.hpp"
#include "run/run_options.hpp"
#include "run/run_report.hpp"

namespace reelscale::run {

/// One asset handed out: its manifest index and entry.
struct Task {
  std::int64_t index = -1;
  ManifestEntry entry;
};

/// The queue and the totals of a run.
class WorkQueue {
 public:
  explicit WorkQueue(std::vector<ManifestEntry> todo);

  /// The next asset, or nullopt when every asset has been handed out.
  std::optional<Task> pop();

  /// Records asset `index` done by `rank` and logs the progress line
  /// ("[i/n] path ... rank R | H h media/h wall | ETA h:mm:ss"; ETA from bytes).
  void complete(std::int64_t index, int rank, AssetStatus status, std::int64_t frames, double duration_s, double wall_s,
                const std::string& error, const std::map<std::string, double>* stage_cpu_s = nullptr);

  /// Totals so far.
  RunTotals totals() const;

  /// Observer told of the totals now and of every completed asset (may be null).
  void set_progress(const ProgressHooks* hooks);

 private:
  mutable std::mutex mu_;
  std::vector<ManifestEntry> todo_;
  std::size_t next_ = 0, done_ = 0;
  double total_bytes_ = 0, done_bytes_ = 0;
  RunTotals totals_;
  const ProgressHooks* progress_ = nullptr;
  std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
};

}  // namespace reelscale::run
