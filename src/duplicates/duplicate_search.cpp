#include "duplicates/duplicate_search.hpp"

#include <algorithm>
#include <mutex>
#include <set>
#include <string>

#include <tbb/parallel_for.h>

#include "duplicates/mih_index.hpp"
#include "duplicates/pair_alignment.hpp"

namespace reelscale::duplicates {

namespace {

/// All ticks of all assets in one array (entry = begin[asset] + tick).
struct TickCorpus {
  std::vector<TickSignature> ticks;
  std::vector<std::uint32_t> begin;  ///< first entry of each asset, plus the total
  std::vector<std::uint32_t> owner;  ///< asset of each entry
  std::vector<std::uint64_t> codes;
  std::vector<std::uint8_t> skip;
};

TickCorpus gather(std::span<const AssetSignature> assets, double rate_hz, bool crop) {
  TickCorpus c;
  c.ticks.resize(assets.size());
  tbb::parallel_for(std::size_t{0}, assets.size(),
                    [&](std::size_t i) { c.ticks[i] = resample(assets[i], rate_hz, crop); });
  c.begin.push_back(0);
  for (std::size_t i = 0; i < assets.size(); ++i) {
    const auto& t = c.ticks[i];
    c.codes.insert(c.codes.end(), t.code.begin(), t.code.end());
    for (auto u : t.usable) c.skip.push_back(u ? 0 : 1);
    c.owner.insert(c.owner.end(), t.size(), static_cast<std::uint32_t>(i));
    c.begin.push_back(static_cast<std::uint32_t>(c.codes.size()));
  }
  return c;
}

/// Seeds of asset `a` against every asset b after it in content order (rank[b] > rank[a]),
/// grouped by b: each pair is queried once, from the asset that comes first by content.
std::vector<std::pair<std::size_t, std::vector<Seed>>> seeds_of(const TickCorpus& c, const MultiIndexHash& index,
                                                                const std::vector<std::size_t>& rank, std::size_t a,
                                                                const DuplicateOptions& opt) {
  std::vector<std::pair<std::uint32_t, Seed>> hits;
  const auto& ta = c.ticks[a];
  const int stride = std::max(1, opt.query_stride);
  for (std::size_t k = 0; k < ta.size(); k += stride) {
    if (!ta.usable[k]) continue;
    index.query(ta.code[k], opt.probe_radius, opt.seed_max_distance, opt.max_bucket, [&](std::uint32_t e, int d) {
      const std::uint32_t b = c.owner[e];
      if (rank[b] <= rank[a]) return;
      hits.push_back({b, Seed{static_cast<std::int32_t>(k), static_cast<std::int32_t>(e - c.begin[b]), d}});
    });
  }
  std::sort(hits.begin(), hits.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::pair<std::size_t, std::vector<Seed>>> out;
  for (const auto& [b, s] : hits) {
    if (out.empty() || out.back().first != b) out.push_back({b, {}});
    out.back().second.push_back(s);
  }
  return out;
}

/// Rank of every asset in content order: by SHA-256, or (not computed) by a hash of its
/// tick codes; ties (byte copies) by index. Each pair is queried and walked from the asset
/// that comes first, so results do not depend on the asset ids (which hash the input
/// path) nor on the order of the signatures, except between byte copies (same content).
std::vector<std::size_t> content_rank(std::span<const AssetSignature> assets, const TickCorpus& c) {
  std::vector<std::string> keys(assets.size());
  for (std::size_t i = 0; i < assets.size(); ++i) {
    if (!assets[i].sha256.empty()) {
      keys[i] = assets[i].sha256;
      continue;
    }
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a over the tick codes
    for (auto code : c.ticks[i].code) h = (h ^ code) * 1099511628211ull;
    keys[i] = std::to_string(h);
  }
  std::vector<std::size_t> order(assets.size()), rank(assets.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](auto x, auto y) { return std::pair(keys[x], x) < std::pair(keys[y], y); });
  for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
  return rank;
}

/// Matches of the pair walked from `a` (the query asset) to `b`, reported with the lower
/// index first (SegmentMatch / EncodingMatch: a < b).
void match_pair(const TickCorpus& c, std::size_t a, std::size_t b, std::vector<Seed> seeds, bool exact,
                const DuplicateOptions& opt, std::vector<EncodingMatch>& enc, std::vector<SegmentMatch>& seg) {
  const bool swap = b < a;
  if (auto m = align_whole(c.ticks[a], c.ticks[b], seeds, opt);
      m && !exact && std::min(m->coverage_a, m->coverage_b) >= opt.encoding_min_coverage) {
    if (swap) std::swap(m->coverage_a, m->coverage_b), m->offset_s = -m->offset_s;
    m->a = std::min(a, b), m->b = std::max(a, b);
    enc.push_back(*m);
  }
  for (auto& s : extend_segments(c.ticks[a], c.ticks[b], std::move(seeds), opt)) {
    if (swap) std::swap(s.a_start_s, s.b_start_s), std::swap(s.a_end_s, s.b_end_s), s.offset_s = -s.offset_s;
    s.a = std::min(a, b), s.b = std::max(a, b);
    seg.push_back(s);
  }
}

}  // namespace

DuplicateReport find_duplicates(std::span<const AssetSignature> assets, const DuplicateOptions& opt) {
  DuplicateReport rep;
  rep.exact_groups = exact_groups(assets);
  std::set<std::pair<std::size_t, std::size_t>> exact;
  for (const auto& g : rep.exact_groups)
    for (std::size_t i = 0; i < g.size(); ++i)
      for (std::size_t j = i + 1; j < g.size(); ++j) exact.insert({g[i], g[j]});

  const TickCorpus c = gather(assets, opt.rate_hz, opt.crop_codes);
  MultiIndexHash index;
  index.build(c.codes, c.skip);
  const std::vector<std::size_t> rank = content_rank(assets, c);
  std::mutex mu;
  tbb::parallel_for(std::size_t{0}, assets.size(), [&](std::size_t a) {
    std::vector<EncodingMatch> enc;
    std::vector<SegmentMatch> seg;
    for (auto& [b, seeds] : seeds_of(c, index, rank, a, opt))
      match_pair(c, a, b, std::move(seeds), exact.count({std::min(a, b), std::max(a, b)}) > 0, opt, enc, seg);
    std::lock_guard lock(mu);
    rep.encodings.insert(rep.encodings.end(), enc.begin(), enc.end());
    rep.segments.insert(rep.segments.end(), seg.begin(), seg.end());
  });
  std::sort(rep.encodings.begin(), rep.encodings.end(),
            [](const auto& x, const auto& y) { return std::pair(x.a, x.b) < std::pair(y.a, y.b); });
  std::sort(rep.segments.begin(), rep.segments.end(), [](const auto& x, const auto& y) {
    return std::tuple(x.a, x.b, x.a_start_s) < std::tuple(y.a, y.b, y.a_start_s);
  });
  return rep;
}

}  // namespace reelscale::duplicates
