#pragma once
/// @file loudness_source.hpp
/// The loudness series (momentary and short-term, 10 Hz) live only in
/// catalog.h5; this reads them through src/catalog's reader (the report never
/// touches HDF5 itself). Thread-safe: calls are serialised.

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace reelscale::report {

/// Loudness series of one asset (docs/catalog.md, `/assets/<id>/audio/`).
struct LoudnessSeries {
  double start_s = 0;            ///< time of the first sample
  double rate_hz = 10;           ///< series rate; value i is the window ending at start_s + (i+1)/rate_hz
  std::vector<float> momentary;  ///< LUFS, floor -120
  std::vector<float> short_term; ///< LUFS, floor -120
};

/// Reads loudness series from OUT/catalog.h5 when it exists.
class LoudnessSource {
 public:
  /// Opens `catalog` if it exists and is readable (otherwise every read is empty).
  explicit LoudnessSource(const std::filesystem::path& catalog);
  ~LoudnessSource();
  /// True when a catalog was opened.
  bool available() const;
  /// Series of asset `id`; empty when absent or unreadable (never throws).
  LoudnessSeries read(const std::string& id) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  mutable std::mutex mu_;
};

}  // namespace reelscale::report
