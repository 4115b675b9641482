#pragma once
/// @file pair_alignment.hpp
/// Temporal alignment of one pair of tick signatures from their seed matches:
/// a temporal Hough vote over the time offset (whole-asset match) and
/// seed-and-extend along offset diagonals (reused segments).

#include <cstdint>
#include <optional>
#include <vector>

#include "duplicates/duplicate_search.hpp"
#include "duplicates/signature.hpp"

namespace reelscale::duplicates {

/// One index hit: tick `ta` of the query asset resembles tick `tb` of the other.
struct Seed {
  std::int32_t ta = 0, tb = 0;
  int distance = 0;  ///< Hamming bits
};

/// Tick of b aligned with tick k of a on diagonal `diag`: k + diag + e, e in {0, -1, 1},
/// the one with the smallest Hamming distance (written to *distance when given); -1 when
/// either tick is missing or unusable.
long diagonal_partner(const TickSignature& a, const TickSignature& b, long k, long diag, int* distance);

/// Pooled agreement of the motion codes over ticks (lo, hi] of a on `diag`.
struct MotionAgreement {
  long union_bits = 0;  ///< sum of popcount(x | y): how much moves at all
  double jaccard = 0;   ///< sum popcount(x & y) / union_bits (0 when nothing moves)
};

/// Motion agreement of a segment (ticks paired as diagonal_partner; tick lo left out, its
/// motion code looks at the tick before the segment). Zero when either side has no motion codes.
MotionAgreement motion_agreement(const TickSignature& a, const TickSignature& b, long lo, long hi, long diag);

/// Hamming distance of a[k] and b[k + diag + e] minimised over e in {-1, 0, 1};
/// -1 when either tick is missing or unusable.
int diagonal_distance(const TickSignature& a, const TickSignature& b, long k, long diag);

/// Offset (in ticks, b - a) with the most votes; each seed votes with weight
/// (seed_max + 1 - distance), neighbouring offsets +-1 pooled.
long hough_offset(const std::vector<Seed>& seeds, int seed_max_distance);

/// Whole-asset alignment at the Hough offset: coverage of each asset and score.
/// Returns nothing when there are no seeds.
std::optional<EncodingMatch> align_whole(const TickSignature& a, const TickSignature& b,
                                         const std::vector<Seed>& seeds, const DuplicateOptions& opt);

/// Seed-and-extend: seeds grouped by diagonal, chained along it, extended while the
/// run keeps matching (<= max_gap_ticks misses in a row), filtered by length and match
/// fraction, then non-maximum suppressed (a segment overlapping a better one by more
/// than half in both assets is dropped). Segments have a/b left 0 (caller fills).
std::vector<SegmentMatch> extend_segments(const TickSignature& a, const TickSignature& b,
                                          std::vector<Seed> seeds, const DuplicateOptions& opt);

}  // namespace reelscale::duplicates
