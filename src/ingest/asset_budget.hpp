#pragma once
/// @file asset_budget.hpp
/// Per-asset budgets (docs/reliability.md): a tiny hostile file must not cost
/// unbounded time, memory or pixels. Exceeding one makes the asset an `error`
/// whose message names the budget; the run goes on with the next asset.

#include <cstdint>

namespace reelscale::ingest {

/// Limits of one asset. Defaults admit every real programme of the dev corpus and
/// 4K/60 broadcast masters; each can be changed in the job spec / options struct.
struct AssetBudget {
  double wall_s = 6 * 3600.0;                ///< wall time of the whole asset (open, probe, decode), seconds
  double max_pixels_per_media_s = 1.0e9;     ///< coded width x height x frame rate (4K/60 = 0.50e9; 8192^2 at 25 = 1.7e9)
  double max_frame_pixels = 8192.0 * 8192.0; ///< coded width x height of one frame
  double max_declared_duration_s = 31 * 86400.0;  ///< container/stream duration beyond this is not believed (error)
  /// After decoding, a declared duration over ratio x decoded + 60 s is replaced by the
  /// decoded one (warning): nothing downstream sizes anything from a header value.
  double max_declared_to_decoded = 2.0;
  double max_analysis_aspect = 16.0;         ///< display aspect (w/h after SAR) outside [1/16, 16] is an error
  int min_audio_sample_rate = 4000;          ///< Hz; a slower stream is not analysed (error if the asset has no video)
  std::uint64_t max_memory_bytes = 4ull << 30;  ///< bytes one asset may add to the resident set (ingest::MemoryWatch)
  std::uint64_t max_file_bytes = 0;          ///< file size limit; 0 = none (--max-file-size)
};

}  // namespace reelscale::ingest
