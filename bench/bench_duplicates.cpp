/// @file bench_duplicates.cpp
/// Duplicate search on a synthetic archive of signatures only (no media): N assets
/// (REELSCALE_DUP_ASSETS, default 100000) of 20-40 s at 5 frames/s (so resampling is
/// the identity), shots of 2-8 s with a random base pHash drifting ~2 bits per tick.
/// Planted: 1 % of the assets are re-encodings of another (1-3 bits of noise per tick),
/// 2 % contain a 6 s segment of another asset. Reports the search time and how many
/// planted pairs were found. Options: REELSCALE_DUP_PROBE (MIH probe radius, default 0),
/// REELSCALE_DUP_STRIDE (query stride, default 1).

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>

#include "duplicates/duplicate_search.hpp"

namespace {
using namespace reelscale::duplicates;

long env_long(const char* name, long def) {
  const char* v = std::getenv(name);
  return v ? std::atol(v) : def;
}

std::uint64_t noisy(std::uint64_t c, std::mt19937_64& rng, int max_bits) {
  const int n = static_cast<int>(rng() % (max_bits + 1));
  for (int i = 0; i < n; ++i) c ^= 1ull << (rng() % 64);
  return c;
}

AssetSignature random_asset(std::size_t i, std::mt19937_64& rng) {
  AssetSignature s;
  s.id = std::to_string(i);
  s.fps = 5;
  const int ticks = 100 + static_cast<int>(rng() % 101);
  std::uint64_t code = rng();
  int shot_left = 0;
  for (int k = 0; k < ticks; ++k) {
    if (shot_left-- <= 0) code = rng(), shot_left = 10 + static_cast<int>(rng() % 31);
    code = noisy(code, rng, 3);
    s.pts_s.push_back(k / 5.0);
    s.phash.push_back(code);
  }
  return s;
}

struct Archive {
  std::vector<AssetSignature> assets;
  std::set<std::pair<std::size_t, std::size_t>> copies, segments;
};

Archive make_archive(std::size_t n) {
  std::mt19937_64 rng(42);
  Archive a;
  for (std::size_t i = 0; i < n; ++i) a.assets.push_back(random_asset(i, rng));
  for (std::size_t i = 1; i < n; ++i) {
    const std::size_t src = rng() % i;
    const int kind = static_cast<int>(rng() % 100);
    if (kind == 0) {  // re-encoding
      a.assets[i].pts_s = a.assets[src].pts_s;
      a.assets[i].phash.clear();
      for (auto c : a.assets[src].phash) a.assets[i].phash.push_back(noisy(c, rng, 3));
      a.copies.insert({src, i});
    } else if (kind <= 2) {  // 6 s (30 ticks) of src at a random place
      const std::size_t from = rng() % (a.assets[src].phash.size() - 30);
      const std::size_t to = rng() % (a.assets[i].phash.size() - 30);
      for (int k = 0; k < 30; ++k) a.assets[i].phash[to + k] = noisy(a.assets[src].phash[from + k], rng, 3);
      a.segments.insert({src, i});
    }
  }
  return a;
}

void BM_DuplicateSearch(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(env_long("REELSCALE_DUP_ASSETS", 100000));
  const Archive arch = make_archive(n);
  DuplicateOptions opt;
  opt.probe_radius = static_cast<int>(env_long("REELSCALE_DUP_PROBE", 0));
  opt.query_stride = static_cast<int>(env_long("REELSCALE_DUP_STRIDE", 1));
  DuplicateReport rep;
  for (auto _ : state) rep = find_duplicates(arch.assets, opt);
  std::size_t copies = 0, segs = 0;
  for (const auto& e : rep.encodings) copies += arch.copies.count({e.a, e.b});
  std::set<std::pair<std::size_t, std::size_t>> seg_pairs;
  for (const auto& s : rep.segments) seg_pairs.insert({s.a, s.b});
  for (const auto& p : arch.segments) segs += seg_pairs.count(p);
  state.counters["assets"] = static_cast<double>(n);
  state.counters["copies_found"] = static_cast<double>(copies);
  state.counters["copies_planted"] = static_cast<double>(arch.copies.size());
  state.counters["segments_found"] = static_cast<double>(segs);
  state.counters["segments_planted"] = static_cast<double>(arch.segments.size());
  state.counters["encoding_pairs"] = static_cast<double>(rep.encodings.size());
  state.counters["segment_pairs"] = static_cast<double>(rep.segments.size());
}
BENCHMARK(BM_DuplicateSearch)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
