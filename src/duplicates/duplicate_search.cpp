#include "duplicates/duplicate_search.hpp"

#include <algorithm>
#include <mutex>
#include <set>

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
  tbb::parallel_for(std::size_t{0}, assets.size(), [&](std::size_t i) { c.ticks[i] = resample(assets[i], rate_hz, crop); });
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

/// Seeds of asset `a` against every asset b > a, grouped by b.
std::vector<std::pair<std::size_t, std::vector<Seed>>> seeds_of(const TickCorpus& c, const MultiIndexHash& index,
                                                                 std::size_t a, const DuplicateOptions& opt) {
  std::vector<std::pair<std::uint32_t, Seed>> hits;
  const auto& ta = c.ticks[a];
  const int stride = std::max(1, opt.query_stride);
  for (std::size_t k = 0; k < ta.size(); k += stride) {
    if (!ta.usable[k]) continue;
    index.query(ta.code[k], opt.probe_radius, opt.seed_max_distance, opt.max_bucket,
                [&](std::uint32_t e, int d) {
                  const std::uint32_t b = c.owner[e];
                  if (b <= a) return;
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
  std::mutex mu;
  tbb::parallel_for(std::size_t{0}, assets.size(), [&](std::size_t a) {
    std::vector<EncodingMatch> enc;
    std::vector<SegmentMatch> seg;
    for (auto& [b, seeds] : seeds_of(c, index, a, opt)) {
      if (auto m = align_whole(c.ticks[a], c.ticks[b], seeds, opt);
          m && !exact.count({a, b}) && std::min(m->coverage_a, m->coverage_b) >= opt.encoding_min_coverage) {
        m->a = a, m->b = b;
        enc.push_back(*m);
      }
      for (auto& s : extend_segments(c.ticks[a], c.ticks[b], std::move(seeds), opt)) {
        s.a = a, s.b = b;
        seg.push_back(s);
      }
    }
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
