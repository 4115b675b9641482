#pragma once
/// @file duplicate_search.hpp
/// Archive-wide duplicate search over AssetSignature arrays: exact copies (SHA-256),
/// same content in another encoding (whole-asset temporal alignment) and reused
/// segments (seed-and-extend), as in the TRECVID content-based copy detection task
/// (Law-To et al., "Video copy detection: a comparative study", CIVR 2007; Douze,
/// Jegou & Schmid, "An image-based approach to video copy detection with
/// spatio-temporal post-filtering", IEEE TMM 2010: frame matches voted by time
/// offset, i.e. a temporal Hough transform). See docs/duplicates.md.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "duplicates/signature.hpp"

namespace reelscale::duplicates {

/// Search parameters. Units: ticks are samples at `rate_hz`; distances are Hamming bits.
struct DuplicateOptions {
  double rate_hz = 5;               ///< common sampling rate, ticks/s
  int seed_max_distance = 8;        ///< pHash distance for a seed (index hit)
  int probe_radius = 1;             ///< MIH substring radius (0 or 1)
  std::size_t max_bucket = 20000;   ///< MIH stop-list: skip buckets with more entries
  int match_max_distance = 10;      ///< a tick matches during extension when distance <= this (tuned: dev + held-out 1)
  int max_gap_ticks = 3;            ///< non-matching ticks tolerated inside a run
  int seed_gap_ticks = 10;          ///< seeds on one diagonal closer than this chain together
  double min_seconds = 2;           ///< shortest reported segment, s
  double min_match_fraction = 0.7;  ///< share of usable ticks of a segment that match
  double min_score = 0.8;           ///< weakest reported segment score (tuned on the dev corpus)
  double motion_evidence_jaccard = 0.75;    ///< ... unless the motion codes agree this much (0: off): above every false
                                            ///< candidate of the dev corpus (max 0.71)
  double motion_evidence_min_score = 0.53;  ///< ... then this floor applies instead
  double min_temporal_contrast = 4;         ///< bits by which a segment's offset must beat offsets 1-2 s away
  int boundary_max_distance = 20;           ///< a segment's edges grow over ticks this close (dissolves, wipes)
  int boundary_max_ticks = 5;               ///< ... by at most this many ticks each side
  double min_motion_jaccard = 0.35;         ///< motion-code agreement a moving segment needs on its own offset (0: off)
  double min_motion_contrast = 0.15;        ///< ... and by how much it must beat offsets 1-2 s away
  long motion_min_bits = 12;                ///< pooled motion bits below which a segment counts as static
  double local_margin_bits =
      1;  ///< a segment is dropped when an offset 0.4-2 s away has a mean distance this much lower
  double local_margin_jaccard = 0.1;   ///< ... or a motion agreement this much higher
  double encoding_min_coverage = 0.7;  ///< both assets covered at least this much => "encoding"
  bool both_ways = false;              ///< extend each pair from both assets and keep the union (see docs)
  int query_stride = 1;                ///< query every n-th tick (all ticks are indexed)
  bool crop_codes = true;              ///< hash the thumbnails' bar-free box when thumbnails are given
};

/// A reused segment: asset `a` over [a_start_s, a_end_s) shows the same footage as
/// asset `b` over [b_start_s, b_end_s). Times are PTS seconds of each asset.
struct SegmentMatch {
  std::size_t a = 0, b = 0;  ///< indices into the signature array, a < b
  double a_start_s = 0, a_end_s = 0;
  double b_start_s = 0, b_end_s = 0;
  double offset_s = 0;        ///< (b time - b t0) - (a time - a t0), s
  double score = 0;           ///< 0..1: match fraction x (1 - mean distance / 32)
  double motion_jaccard = 0;  ///< pooled motion-code agreement on the offset, 0..1 (0: static or unknown)
};

/// Same content, different encoding: the whole of `a` aligned with the whole of `b`.
struct EncodingMatch {
  std::size_t a = 0, b = 0;  ///< a < b
  double offset_s = 0;       ///< content at a-time x (from a's first frame) is at b-time x + offset_s
  double coverage_a = 0;     ///< share of a's usable ticks matched at that offset, 0..1
  double coverage_b = 0;     ///< same for b
  double score = 0;          ///< 1 - mean distance of matched ticks / 32
};

/// Everything the search finds.
struct DuplicateReport {
  std::vector<std::vector<std::size_t>> exact_groups;  ///< >= 2 assets with one SHA-256
  std::vector<EncodingMatch> encodings;                ///< not exact copies of each other
  std::vector<SegmentMatch> segments;                  ///< all pairs, sorted by (a, b, a_start_s)
};

/// Groups of assets with the same non-empty SHA-256 (sorted by first index).
std::vector<std::vector<std::size_t>> exact_groups(std::span<const AssetSignature> assets);

/// Runs the whole search (exact, encoding, segments) over `assets`. Sub-quadratic:
/// candidates come from a multi-index hash of all ticks (mih_index.hpp). Parallel over
/// query assets (oneTBB). @throws std::invalid_argument on malformed signatures.
DuplicateReport find_duplicates(std::span<const AssetSignature> assets, const DuplicateOptions& opt = {});

}  // namespace reelscale::duplicates
