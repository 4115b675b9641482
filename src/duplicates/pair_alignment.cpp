#include "duplicates/pair_alignment.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>

namespace reelscale::duplicates {

long diagonal_partner(const TickSignature& a, const TickSignature& b, long k, long diag, int* distance) {
  if (k < 0 || k >= static_cast<long>(a.size()) || !a.usable[k]) return -1;
  int best = -1;
  long best_j = -1;
  for (long e : {0L, -1L, 1L}) {
    const long j = k + diag + e;
    if (j < 0 || j >= static_cast<long>(b.size()) || !b.usable[j]) continue;
    const int d = std::popcount(a.code[k] ^ b.code[j]);
    if (best < 0 || d < best) best = d, best_j = j;
  }
  if (distance) *distance = best;
  return best_j;
}

int diagonal_distance(const TickSignature& a, const TickSignature& b, long k, long diag) {
  int d = -1;
  diagonal_partner(a, b, k, diag, &d);
  return d;
}

MotionAgreement motion_agreement(const TickSignature& a, const TickSignature& b, long lo, long hi, long diag) {
  MotionAgreement m;
  if (a.motion.empty() || b.motion.empty()) return m;
  long inter = 0;
  for (long k = lo + 1; k <= hi; ++k) {  // tick lo's motion code looks at the tick before the segment
    const long j = diagonal_partner(a, b, k, diag, nullptr);
    if (j < 0) continue;
    const std::uint64_t x = a.motion[k], y = b.motion[j];
    m.union_bits += std::popcount(x | y);
    inter += std::popcount(x & y);
  }
  m.jaccard = m.union_bits ? static_cast<double>(inter) / m.union_bits : 0;
  return m;
}

long hough_offset(const std::vector<Seed>& seeds, int seed_max_distance) {
  std::map<long, double> votes;
  for (const auto& s : seeds) votes[long(s.tb) - s.ta] += seed_max_distance + 1 - s.distance;
  long best = 0;
  double best_v = -1;
  for (const auto& [d, v] : votes) {
    double pooled = v;
    for (long e : {-1L, 1L})
      if (auto it = votes.find(d + e); it != votes.end()) pooled += 0.5 * it->second;
    if (pooled > best_v) best_v = pooled, best = d;
  }
  return best;
}

std::optional<EncodingMatch> align_whole(const TickSignature& a, const TickSignature& b, const std::vector<Seed>& seeds,
                                         const DuplicateOptions& opt) {
  if (seeds.empty()) return std::nullopt;
  const long diag = hough_offset(seeds, opt.seed_max_distance);
  long matched = 0, dist_sum = 0, usable_a = 0, usable_b = 0;
  for (long k = 0; k < static_cast<long>(a.size()); ++k) {
    usable_a += a.usable[k];
    const int d = diagonal_distance(a, b, k, diag);
    if (d >= 0 && d <= opt.match_max_distance) ++matched, dist_sum += d;
  }
  for (auto u : b.usable) usable_b += u;
  EncodingMatch m;
  m.offset_s = static_cast<double>(diag) / a.rate_hz;
  m.coverage_a = usable_a ? static_cast<double>(matched) / usable_a : 0;
  m.coverage_b = usable_b ? std::min(1.0, static_cast<double>(matched) / usable_b) : 0;
  m.score = matched ? 1.0 - static_cast<double>(dist_sum) / matched / 32.0 : 0;
  return m;
}

namespace {

/// Extends [lo, hi] along `diag` in direction `step` while misses stay <= max_gap.
long extend_end(const TickSignature& a, const TickSignature& b, long from, long diag, int step,
                const DuplicateOptions& opt) {
  long last_good = from, misses = 0;
  for (long k = from + step; k >= 0 && k < static_cast<long>(a.size()); k += step) {
    const long j = k + diag;
    if (j < -1 || j > static_cast<long>(b.size())) break;
    const int d = diagonal_distance(a, b, k, diag);
    if (d >= 0 && d <= opt.match_max_distance) {
      last_good = k, misses = 0;
    } else if (++misses > opt.max_gap_ticks) {
      break;
    }
  }
  return last_good;
}

/// Mean distance on `other` minus mean distance on `diag` (bits), both over the same ticks
/// of [lo, hi] (those with a partner on both diagonals), so that near an asset's start or
/// end the shifted diagonal is not judged on fewer, luckier ticks; nothing when none.
std::optional<double> distance_gain(const TickSignature& a, const TickSignature& b, long lo, long hi, long diag,
                                    long other) {
  long n = 0, sum = 0;
  for (long k = lo; k <= hi; ++k) {
    const int here = diagonal_distance(a, b, k, diag), there = diagonal_distance(a, b, k, other);
    if (here >= 0 && there >= 0) ++n, sum += there - here;
  }
  if (n == 0) return std::nullopt;
  return static_cast<double>(sum) / n;
}

/// How much better `diag` is than diagonals 1 and 2 s away (bits): near 0 for static
/// footage, where every offset matches and the alignment is not identifiable.
double temporal_contrast(const TickSignature& a, const TickSignature& b, long lo, long hi, long diag) {
  const long s = std::lround(a.rate_hz);
  double worst = 64;
  for (long e : {-2 * s, -s, s, 2 * s})
    if (const auto g = distance_gain(a, b, lo, hi, diag, diag + e)) worst = std::min(worst, *g);
  return worst;
}

/// The segment's offset is identifiable. Appearance: the codes on `diag` beat the diagonals
/// 1 and 2 s away by opt.min_temporal_contrast bits (temporal_contrast). Motion (when the
/// footage moves: pooled union >= opt.motion_min_bits): the motion codes must agree on
/// `diag` (Jaccard >= opt.min_motion_jaccard), and either appearance holds or the motion
/// agreement beats the diagonals 1-2 s away by opt.min_motion_contrast. Static footage:
/// appearance alone. In every case no offset 0.4-2 s away may fit clearly better (mean
/// distance lower by opt.local_margin_bits, or motion Jaccard higher by
/// opt.local_margin_jaccard): the offset must be a local optimum.
bool temporally_aligned(const TickSignature& a, const TickSignature& b, long lo, long hi, long diag,
                        const DuplicateOptions& opt) {
  const MotionAgreement here = motion_agreement(a, b, lo, hi, diag);
  const bool moving = opt.min_motion_jaccard > 0 && here.union_bits >= opt.motion_min_bits;
  if (moving && here.jaccard < opt.min_motion_jaccard) return false;
  // Local optimum: no other offset within 2 s fits clearly better (static cameras match
  // at neighbouring offsets; the run found first need not be the right one).
  const long s = std::lround(a.rate_hz);
  for (long e = -2 * s; e <= 2 * s; ++e) {
    if (std::abs(e) < 2) continue;
    if (const auto g = distance_gain(a, b, lo, hi, diag, diag + e); g && *g < -opt.local_margin_bits) return false;
    if (moving && motion_agreement(a, b, lo, hi, diag + e).jaccard > here.jaccard + opt.local_margin_jaccard)
      return false;
  }
  const bool looks_aligned = temporal_contrast(a, b, lo, hi, diag) >= opt.min_temporal_contrast;
  if (!moving || looks_aligned) return looks_aligned;
  double best_other = 0;
  for (long e : {-2 * s, -s, s, 2 * s})
    best_other = std::max(best_other, motion_agreement(a, b, lo, hi, diag + e).jaccard);
  return here.jaccard - best_other >= opt.min_motion_contrast;
}

/// Moves the end `from` of a run outwards (direction `step`) over consecutive ticks within
/// opt.boundary_max_distance bits (at most opt.boundary_max_ticks): the blended frames of a
/// dissolve or wipe at a segment's edge still resemble its footage.
long refine_end(const TickSignature& a, const TickSignature& b, long from, long diag, int step,
                const DuplicateOptions& opt) {
  long k = from;
  for (int n = 0; n < opt.boundary_max_ticks; ++n) {
    const int d = diagonal_distance(a, b, k + step, diag);
    if (d < 0 || d > opt.boundary_max_distance) break;
    k += step;
  }
  return k;
}

/// Independent evidence of alignment for a run scoring below opt.min_score: its footage
/// moves (pooled motion bits >= opt.motion_min_bits) and the motion codes agree on `diag`
/// at least opt.motion_evidence_jaccard, with score >= opt.motion_evidence_min_score. The
/// default 0.75 lies above every false candidate scoring 0.53-0.8 on the dev corpus (their
/// Jaccard reached 0.71; docs/duplicates.md).
/// Fast handheld footage changes appearance between ticks (mean distance ~3 bits with
/// misses) but its motion codes stay specific to the source time.
bool motion_evidence(const TickSignature& a, const TickSignature& b, long lo, long hi, long diag, double score,
                     const DuplicateOptions& opt) {
  if (opt.motion_evidence_jaccard <= 0 || score < opt.motion_evidence_min_score) return false;
  const MotionAgreement m = motion_agreement(a, b, lo, hi, diag);
  return m.union_bits >= opt.motion_min_bits && m.jaccard >= opt.motion_evidence_jaccard;
}

/// Scores the run [lo, hi] on `diag`; nothing when it matches too little, is not temporally
/// aligned (temporally_aligned) or, with its edges refined (refine_end), is shorter than
/// opt.min_seconds.
std::optional<SegmentMatch> score_run(const TickSignature& a, const TickSignature& b, long lo, long hi, long diag,
                                      const DuplicateOptions& opt) {
  long usable = 0, matched = 0, dist_sum = 0;
  for (long k = lo; k <= hi; ++k) {
    const int d = diagonal_distance(a, b, k, diag);
    if (d < 0) continue;
    ++usable;
    if (d <= opt.match_max_distance) ++matched, dist_sum += d;
  }
  if (usable == 0 || matched < opt.min_match_fraction * usable) return std::nullopt;
  const long r_lo = refine_end(a, b, lo, diag, -1, opt), r_hi = refine_end(a, b, hi, diag, +1, opt);
  // Extent: what the matched ticks r_lo..r_hi can cover, from the tick before the first to
  // the tick after the last (the footage starts after tick r_lo - 1 and ends before r_hi + 1;
  // one tick of sampling uncertainty each side), clipped to both assets.
  const long s_lo = std::max({r_lo - 1, 0L, -diag}), s_hi = std::min({r_hi + 1, long(a.size()), long(b.size()) - diag});
  if (static_cast<double>(s_hi - s_lo) / a.rate_hz + 1e-9 < opt.min_seconds) return std::nullopt;
  if (!temporally_aligned(a, b, lo, hi, diag, opt)) return std::nullopt;
  SegmentMatch s;
  s.a_start_s = a.time_s(s_lo);
  s.a_end_s = a.time_s(s_hi);
  s.b_start_s = b.time_s(s_lo + diag);
  s.b_end_s = b.time_s(s_hi + diag);
  s.offset_s = static_cast<double>(diag) / a.rate_hz;
  s.score = (static_cast<double>(matched) / usable) * (1.0 - static_cast<double>(dist_sum) / matched / 32.0);
  s.motion_jaccard = motion_agreement(a, b, lo, hi, diag).jaccard;
  if (s.score < opt.min_score && !motion_evidence(a, b, lo, hi, diag, s.score, opt)) return std::nullopt;
  return s;
}

double overlap(double s0, double e0, double s1, double e1) {
  return std::max(0.0, std::min(e0, e1) - std::max(s0, s1));
}

/// Drops segments overlapping a better (longer x score) one by > 50 % in both assets.
std::vector<SegmentMatch> suppress(std::vector<SegmentMatch> c) {
  auto weight = [](const SegmentMatch& s) { return (s.a_end_s - s.a_start_s) * s.score; };
  std::sort(c.begin(), c.end(), [&](const auto& x, const auto& y) { return weight(x) > weight(y); });
  std::vector<SegmentMatch> kept;
  for (const auto& s : c) {
    bool dup = false;
    for (const auto& k : kept) {
      const double la = std::min(s.a_end_s - s.a_start_s, k.a_end_s - k.a_start_s);
      const double lb = std::min(s.b_end_s - s.b_start_s, k.b_end_s - k.b_start_s);
      if (overlap(s.a_start_s, s.a_end_s, k.a_start_s, k.a_end_s) > 0.5 * la &&
          overlap(s.b_start_s, s.b_end_s, k.b_start_s, k.b_end_s) > 0.5 * lb) {
        dup = true;
        break;
      }
    }
    if (!dup) kept.push_back(s);
  }
  return kept;
}

/// Candidates of seed-and-extend walked from a's ticks (before suppression).
std::vector<SegmentMatch> walk_candidates(const TickSignature& a, const TickSignature& b, std::vector<Seed> seeds,
                                          const DuplicateOptions& opt) {
  std::sort(seeds.begin(), seeds.end(), [](const Seed& x, const Seed& y) {
    const long dx = long(x.tb) - x.ta, dy = long(y.tb) - y.ta;
    return dx != dy ? dx < dy : x.ta < y.ta;
  });
  std::vector<SegmentMatch> cand;
  long covered_diag = 0, covered_hi = -1;  // skip seeds already inside an extended run
  for (std::size_t i = 0; i < seeds.size();) {
    const long diag = long(seeds[i].tb) - seeds[i].ta;
    std::size_t j = i;
    while (j + 1 < seeds.size() && long(seeds[j + 1].tb) - seeds[j + 1].ta == diag &&
           seeds[j + 1].ta - seeds[j].ta <= opt.seed_gap_ticks)
      ++j;
    const long lo0 = seeds[i].ta, hi0 = seeds[j].ta;
    if (!(diag == covered_diag && hi0 <= covered_hi)) {
      const long lo = extend_end(a, b, lo0, diag, -1, opt), hi = extend_end(a, b, hi0, diag, +1, opt);
      covered_diag = diag, covered_hi = hi;
      if (auto sc = score_run(a, b, lo, hi, diag, opt)) cand.push_back(*sc);
    }
    i = j + 1;
  }
  return cand;
}

}  // namespace

std::vector<SegmentMatch> extend_segments(const TickSignature& a, const TickSignature& b, std::vector<Seed> seeds,
                                          const DuplicateOptions& opt) {
  if (!opt.both_ways) return suppress(walk_candidates(a, b, std::move(seeds), opt));
  // Walk from b as well (ticks pair as b[k] ~ a[k - diag +- 1]) and keep the union, so that
  // the result does not depend on which asset comes first.
  std::vector<Seed> back = seeds;
  for (auto& s : back) std::swap(s.ta, s.tb);
  std::vector<SegmentMatch> cand = walk_candidates(a, b, std::move(seeds), opt);
  for (auto s : walk_candidates(b, a, std::move(back), opt)) {
    std::swap(s.a_start_s, s.b_start_s), std::swap(s.a_end_s, s.b_end_s), s.offset_s = -s.offset_s;
    cand.push_back(s);
  }
  return suppress(std::move(cand));
}

}  // namespace reelscale::duplicates
