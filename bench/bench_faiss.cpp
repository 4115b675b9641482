// Faiss benchmark for the archive-wide scene/frame indexes (indexes/).
// Data: N clustered 256-d vectors (default 1,000,000): 2,000 cluster centres
// drawn around 50 super-centres, points = centre + Gaussian noise, L2-normalised
// (inner product = cosine, as reelscale's embeddings). Queries: Q further points
// from the same distribution (default 1,000). Ground truth: exact inner-product
// top-10 (IndexFlatIP). For each factory string: build time, resident memory
// growth, recall@10 (|approx top-10 ∩ exact top-10| / 10) and queries/s with
// 2 OpenMP threads (one query per call, as `reelscale query` does).
// Not a test: run it by hand, it takes a few minutes. Environment:
//   REELSCALE_BENCH_N (vectors), REELSCALE_BENCH_Q (queries),
//   REELSCALE_BENCH_FACTORIES ("factory|param=v;factory|param=v", Faiss
//   ParameterSpace settings after '|', space-separated, each measured on
//   the same built index).

#include <benchmark/benchmark.h>
#include <omp.h>

#include <faiss/AutoTune.h>
#include <faiss/IndexFlat.h>
#include <faiss/index_factory.h>
#include <faiss/utils/distances.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

namespace {

using idx_t = faiss::Index::idx_t;
constexpr int kDim = 256;
constexpr int kK = 10;

std::size_t env_size(const char* name, std::size_t dflt) {
  const char* v = std::getenv(name);
  return v && *v ? std::size_t(std::strtoull(v, nullptr, 10)) : dflt;
}

double rss_mb() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  return 0;
}

void normalise(float* v) {
  double s = 0;
  for (int j = 0; j < kDim; ++j) s += double(v[j]) * v[j];
  const float inv = float(1.0 / std::sqrt(s));
  for (int j = 0; j < kDim; ++j) v[j] *= inv;
}

/// n clustered vectors (deterministic for a seed).
std::vector<float> clustered(std::size_t n, unsigned seed) {
  std::mt19937 rng(12345);  // same centres for data and queries
  std::normal_distribution<float> g(0.0f, 1.0f);
  constexpr int kSuper = 50, kCentres = 2000;
  std::vector<float> sup(std::size_t(kSuper) * kDim), cen(std::size_t(kCentres) * kDim);
  for (auto& x : sup) x = g(rng);
  for (int s = 0; s < kSuper; ++s) normalise(&sup[std::size_t(s) * kDim]);
  for (int c = 0; c < kCentres; ++c) {
    const int s = c % kSuper;
    for (int j = 0; j < kDim; ++j) cen[std::size_t(c) * kDim + j] = sup[std::size_t(s) * kDim + j] + 0.08f * g(rng);
    normalise(&cen[std::size_t(c) * kDim]);
  }
  std::mt19937 r2(seed);
  std::uniform_int_distribution<int> pick(0, kCentres - 1);
  std::vector<float> x(n * kDim);
  for (std::size_t i = 0; i < n; ++i) {
    const int c = pick(r2);
    for (int j = 0; j < kDim; ++j) x[i * kDim + j] = cen[std::size_t(c) * kDim + j] + 0.05f * g(r2);
    normalise(&x[i * kDim]);
  }
  return x;
}

struct Data {
  std::size_t n = 0, q = 0;
  std::vector<float> xb, xq;
  std::vector<idx_t> gt;  // q x kK
  double gt_seconds = 0;
};

const Data& data() {
  static Data d = [] {
    Data d;
    d.n = env_size("REELSCALE_BENCH_N", 1000000);
    d.q = env_size("REELSCALE_BENCH_Q", 1000);
    d.xb = clustered(d.n, 1);
    d.xq = clustered(d.q, 2);
    omp_set_num_threads(2);
    faiss::distance_compute_blas_threshold = 1 << 30;  // SIMD path: Debian's reference BLAS is slow
    faiss::IndexFlatIP flat(kDim);
    flat.add(idx_t(d.n), d.xb.data());
    d.gt.resize(d.q * kK);
    std::vector<float> dist(d.q * kK);
    const auto t0 = std::chrono::steady_clock::now();
    flat.search(idx_t(d.q), d.xq.data(), kK, dist.data(), d.gt.data());
    d.gt_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "data: %zu x %d, %zu queries, exact search %.1f s (%.0f QPS)\n", d.n, kDim, d.q, d.gt_seconds,
                 double(d.q) / d.gt_seconds);
    return d;
  }();
  return d;
}

void BM_Factory(benchmark::State& state, std::string factory, std::string params) {
  const Data& d = data();
  omp_set_num_threads(2);
  faiss::distance_compute_blas_threshold = 1 << 30;
  for (auto _ : state) {
    const double rss0 = rss_mb();
    const auto t0 = std::chrono::steady_clock::now();
    std::unique_ptr<faiss::Index> index(faiss::index_factory(kDim, factory.c_str(), faiss::METRIC_INNER_PRODUCT));
    if (!index->is_trained) {
      const std::size_t nt = std::min<std::size_t>(d.n, 100000);
      index->train(idx_t(nt), d.xb.data());
    }
    index->add(idx_t(d.n), d.xb.data());
    const double build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double mem = rss_mb() - rss0;
    // Search-time settings: space-separated ParameterSpace strings, each measured.
    std::vector<std::string> settings;
    for (std::size_t a = 0; a <= params.size();) {
      std::size_t b = params.find(' ', a);
      if (b == std::string::npos) b = params.size();
      settings.push_back(params.substr(a, b - a));
      a = b + 1;
    }
    for (const std::string& ps : settings) {
      if (!ps.empty()) faiss::ParameterSpace().set_index_parameters(index.get(), ps.c_str());
      std::vector<idx_t> ids(d.q * kK);
      std::vector<float> dist(d.q * kK);
      // One query per call on 2 threads: each thread takes every other query.
      const auto t1 = std::chrono::steady_clock::now();
#pragma omp parallel for num_threads(2) schedule(dynamic, 16)
      for (std::size_t i = 0; i < d.q; ++i) {
        omp_set_num_threads(1);  // no nested parallelism inside Faiss
        index->search(1, d.xq.data() + i * kDim, kK, dist.data() + i * kK, ids.data() + i * kK);
      }
      const double search_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
      omp_set_num_threads(2);
      std::size_t hit = 0;
      for (std::size_t i = 0; i < d.q; ++i) {
        std::unordered_set<idx_t> truth(d.gt.begin() + std::ptrdiff_t(i * kK),
                                        d.gt.begin() + std::ptrdiff_t((i + 1) * kK));
        for (int j = 0; j < kK; ++j) hit += truth.count(ids[i * kK + j]);
      }
      const std::string tag = ps.empty() ? "" : ps;
      state.counters["recall@10 " + tag] = double(hit) / double(d.q * kK);
      state.counters["QPS " + tag] = double(d.q) / search_s;
      std::fprintf(stderr, "%-28s %-22s recall@10 %.4f  QPS %8.0f  build %.1f s  mem %.0f MB\n", factory.c_str(),
                   ps.c_str(), double(hit) / double(d.q * kK), double(d.q) / search_s, build_s, mem);
    }
    state.counters["build_s"] = build_s;
    state.counters["mem_MB"] = mem;
    state.counters["exact_QPS"] = double(d.q) / d.gt_seconds;
  }
}

int register_all() {
  std::string spec = std::getenv("REELSCALE_BENCH_FACTORIES")
                         ? std::getenv("REELSCALE_BENCH_FACTORIES")
                         : "HNSW32,Flat|efSearch=64 efSearch=128 efSearch=192 efSearch=256";
  std::size_t a = 0;
  while (a < spec.size()) {
    std::size_t b = spec.find(';', a);
    if (b == std::string::npos) b = spec.size();
    const std::string item = spec.substr(a, b - a);
    const std::size_t bar = item.find('|');
    const std::string f = item.substr(0, bar), p = bar == std::string::npos ? "" : item.substr(bar + 1);
    benchmark::RegisterBenchmark(("Faiss/" + f + (p.empty() ? "" : "/" + p)).c_str(), BM_Factory, f, p)
        ->Iterations(1)
        ->Unit(benchmark::kSecond)
        ->UseRealTime();
    a = b + 1;
  }
  return 0;
}
const int registered = register_all();

}  // namespace
