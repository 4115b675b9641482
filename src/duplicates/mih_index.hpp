#pragma once
/// @file mih_index.hpp
/// Multi-index hashing of 64-bit codes (Norouzi, Punjani & Fleet, "Fast Search in
/// Hamming Space with Multi-Index Hashing", CVPR 2012): the code is split into 4
/// disjoint 16-bit substrings, each indexing its own table. By the pigeonhole
/// principle a code within Hamming distance r of the query agrees with it to within
/// floor(r/4) bits on at least one substring, so probing every table at substring
/// radius p finds every neighbour with distance <= 4p+3 (and many farther ones).
/// Own code, no Faiss.

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace reelscale::duplicates {

/// Static MIH index over N codes (entries 0..N-1). Memory: 4 x (65537 offsets +
/// N x 12 bytes). Build O(N); a query scans the probed buckets (17 per table at p=1).
class MultiIndexHash {
 public:
  static constexpr int kTables = 4;
  static constexpr int kSubBits = 16;

  /// Indexes `codes`; entries whose `skip` flag is non-zero are left out (skip may be
  /// empty = index all). @throws std::invalid_argument if N >= 2^32 or skip's size differs.
  void build(std::span<const std::uint64_t> codes, std::span<const std::uint8_t> skip = {});

  /// Calls `hit(entry, distance)` once per indexed entry within Hamming distance
  /// `max_distance` of `code` that shares a substring within `probe_radius` (0 or 1)
  /// bits of the query's. Buckets holding more than `max_bucket` entries (stop-list:
  /// black slates, colour bars, static title cards) are not scanned.
  void query(std::uint64_t code, int probe_radius, int max_distance, std::size_t max_bucket,
             const std::function<void(std::uint32_t, int)>& hit) const;

  /// Number of indexed entries.
  std::size_t size() const { return n_; }
  /// Entries in bucket `sub` of table `t` (for the stop-list statistics).
  std::size_t bucket_size(int t, std::uint32_t sub) const {
    return offsets_[t][sub + 1] - offsets_[t][sub];
  }

 private:
  std::size_t n_ = 0;
  std::vector<std::uint32_t> offsets_[kTables];   ///< CSR offsets, 65537 per table
  std::vector<std::uint64_t> codes_[kTables];     ///< codes in bucket order
  std::vector<std::uint32_t> entries_[kTables];   ///< entry ids in bucket order
};

/// 16-bit substring `t` (0..3) of `code`.
inline std::uint32_t substring(std::uint64_t code, int t) {
  return static_cast<std::uint32_t>((code >> (16 * t)) & 0xFFFFu);
}

}  // namespace reelscale::duplicates
