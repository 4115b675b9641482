#pragma once
/// @file memory_budget.hpp
/// The memory budget of one asset (AssetBudget::max_memory_bytes, docs/reliability.md):
/// how much the process's resident set grew while the asset is analysed, and the
/// bytes the pipeline itself accounts for (per-frame series, queued frames). Either
/// over the budget makes the asset an `error` naming the field; the run goes on.

#include <cstdint>
#include <string>
#include <string_view>

namespace reelscale::ingest {

/// Resident set size of this process in bytes: field 2 of /proc/self/statm times the
/// page size (proc(5)). 0 when /proc is not readable (then only accounted bytes count).
std::uint64_t resident_bytes();

/// "'<path>' needs N MiB (<what>), over the memory budget of M MiB (max_memory_bytes)"
/// when `used_bytes` > `max_bytes`; empty otherwise, and always empty for max_bytes 0 (no limit).
std::string memory_budget_error(std::string_view path, std::uint64_t used_bytes, std::uint64_t max_bytes,
                                std::string_view what);

/// Watches one asset: the resident set at construction is the baseline, so a check
/// sees what this asset added (one asset at a time per process, as `run` and each MPI
/// rank do). Heap kept by the allocator from earlier assets lowers the growth seen, never
/// raises it, so the watch does not blame an asset for its predecessors.
class MemoryWatch {
 public:
  /// @param max_bytes AssetBudget::max_memory_bytes; 0 = no limit
  explicit MemoryWatch(std::uint64_t max_bytes);

  /// Reads the resident set (one small /proc read, ~2 us: call it every few dozen frames,
  /// not per pixel). @param accounted_bytes what the caller holds for the asset (e.g. the
  /// capacity of its per-frame series); the larger of it and the RSS growth is judged.
  /// @return memory_budget_error(...) naming max_memory_bytes, empty when within the budget.
  std::string check(std::string_view path, std::uint64_t accounted_bytes = 0) const;

  std::uint64_t baseline_bytes() const { return baseline_; }
  std::uint64_t max_bytes() const { return max_; }

 private:
  std::uint64_t max_;
  std::uint64_t baseline_;
};

}  // namespace reelscale::ingest
