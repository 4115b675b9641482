// IVF-PQ at archive scale (indexes/ivf_shards.hpp): trained once, encoded in
// shards by R ranks, merged, searched. Not a test; bench/ivfpq.sh runs the steps
// and records time and peak memory of each process (docs: bench/README.md
// "IVF-PQ at archive scale").
//
// Data: N clustered DIM-d vectors, the distribution of bench_faiss (2,000
// centres around 50 super-centres, point = centre + N(0, 0.05^2) per dimension,
// L2-normalised), generated in chunks of 100,000 rows, each from its own seed,
// so a rank generates only its rows and nobody holds N float vectors.
// Queries: Q points of the same distribution (another seed). Ground truth: exact
// inner-product top-10, computed chunk-wise by each rank over its rows and
// merged (recall@10 = |approx top-10 ∩ exact top-10| / 10).
//
//   bench_ivfpq train  DIR N DIM [FACTORY]     trained empty index DIR/trained.faiss
//   bench_ivfpq shard  DIR N DIM RANK RANKS    DIR/shard-RANK.faiss + DIR/gt-RANK.bin
//                      (RANK/RANKS may be "env": OMPI_COMM_WORLD_RANK/SIZE under mpirun)
//   bench_ivfpq merge  DIR RANKS               DIR/index.faiss + DIR/gt.bin
//   bench_ivfpq search DIR DIM "nprobe,k_factor ..."   recall@10 and QPS, 2 threads
// Environment: REELSCALE_BENCH_Q (queries, default 1000).

#include <omp.h>

#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexRefine.h>
#include <faiss/index_io.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "indexes/ivf_shards.hpp"

namespace {

namespace fs = std::filesystem;
using idx_t = faiss::Index::idx_t;
using reelscale::indexes::IvfSearch;
constexpr int kK = 10;
constexpr std::size_t kChunk = 100000;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

/// CPU seconds (user + sys) of the whole process so far.
double cpu_s() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

std::size_t queries() {
  const char* v = std::getenv("REELSCALE_BENCH_Q");
  return v && *v ? std::size_t(std::strtoull(v, nullptr, 10)) : 1000;
}

void normalise(float* v, int d) {
  double s = 0;
  for (int j = 0; j < d; ++j) s += double(v[j]) * v[j];
  const float inv = float(1.0 / std::sqrt(s));
  for (int j = 0; j < d; ++j) v[j] *= inv;
}

/// The cluster centres (same for data and queries).
const std::vector<float>& centres(int d) {
  static std::vector<float> cen = [d] {
    std::mt19937 rng(12345);
    std::normal_distribution<float> g(0.0f, 1.0f);
    constexpr int kSuper = 50, kCentres = 2000;
    std::vector<float> sup(std::size_t(kSuper) * d), c(std::size_t(kCentres) * d);
    for (auto& x : sup) x = g(rng);
    for (int s = 0; s < kSuper; ++s) normalise(&sup[std::size_t(s) * d], d);
    for (int k = 0; k < kCentres; ++k) {
      for (int j = 0; j < d; ++j) c[std::size_t(k) * d + j] = sup[std::size_t(k % kSuper) * d + j] + 0.08f * g(rng);
      normalise(&c[std::size_t(k) * d], d);
    }
    return c;
  }();
  return cen;
}

/// The first `rows` rows of chunk `c` of the data set `seed` (rows <= kChunk).
std::vector<float> chunk(std::uint64_t seed, std::size_t c, std::size_t rows, int d) {
  const auto& cen = centres(d);
  std::mt19937_64 r(seed * 1000003ULL + c);
  std::normal_distribution<float> g(0.0f, 1.0f);
  std::uniform_int_distribution<int> pick(0, int(cen.size() / std::size_t(d)) - 1);
  std::vector<float> x(rows * std::size_t(d));
  for (std::size_t i = 0; i < rows; ++i) {
    const std::size_t k = std::size_t(pick(r));
    for (int j = 0; j < d; ++j) x[i * d + j] = cen[k * d + j] + 0.05f * g(r);
    normalise(&x[i * d], d);
  }
  return x;
}

std::vector<float> query_set(int d) { return chunk(2, 0, queries(), d); }

/// Running exact top-k of every query (inner product, larger first).
struct TopK {
  std::size_t q = 0;
  std::vector<float> score;  // q x kK, sorted descending
  std::vector<idx_t> id;
  explicit TopK(std::size_t nq) : q(nq), score(nq * kK, -1e30f), id(nq * kK, -1) {}
  void offer(std::size_t i, float s, idx_t v) {
    float* sc = &score[i * kK];
    idx_t* ids = &id[i * kK];
    if (s <= sc[kK - 1]) return;
    int p = kK - 1;
    while (p > 0 && sc[p - 1] < s) {
      sc[p] = sc[p - 1];
      ids[p] = ids[p - 1];
      --p;
    }
    sc[p] = s;
    ids[p] = v;
  }
};

/// Exact inner products of every query with `rows` vectors whose ids start at `first`.
void exact_scan(const std::vector<float>& xq, int d, const float* x, std::size_t rows, idx_t first, TopK& top) {
  const std::size_t nq = top.q;
#pragma omp parallel for schedule(dynamic, 4)
  for (std::size_t qb = 0; qb < nq; qb += 16) {
    const std::size_t qe = std::min(nq, qb + 16);
    for (std::size_t i = 0; i < rows; ++i) {
      const float* v = x + i * std::size_t(d);
      for (std::size_t qi = qb; qi < qe; ++qi) {
        const float* q = &xq[qi * std::size_t(d)];
        float s = 0;
#pragma omp simd reduction(+ : s)
        for (int j = 0; j < d; ++j) s += q[j] * v[j];
        top.offer(qi, s, first + idx_t(i));
      }
    }
  }
}

void write_top(const TopK& t, const fs::path& f) {
  std::ofstream o(f, std::ios::binary);
  o.write(reinterpret_cast<const char*>(t.score.data()), std::streamsize(t.score.size() * sizeof(float)));
  o.write(reinterpret_cast<const char*>(t.id.data()), std::streamsize(t.id.size() * sizeof(idx_t)));
  if (!o) throw std::runtime_error("cannot write '" + f.string() + "'");
}

TopK read_top(const fs::path& f, std::size_t nq) {
  TopK t(nq);
  std::ifstream i(f, std::ios::binary);
  i.read(reinterpret_cast<char*>(t.score.data()), std::streamsize(t.score.size() * sizeof(float)));
  i.read(reinterpret_cast<char*>(t.id.data()), std::streamsize(t.id.size() * sizeof(idx_t)));
  if (!i) throw std::runtime_error("cannot read '" + f.string() + "'");
  return t;
}

int env_or(const std::string& v, const char* env) {
  if (v != "env") return std::atoi(v.c_str());
  const char* e = std::getenv(env);
  if (!e) throw std::runtime_error(std::string("not under mpirun: ") + env + " unset");
  return std::atoi(e);
}

int cmd_train(const fs::path& dir, std::size_t n, int d, std::string factory) {
  if (factory.empty()) factory = reelscale::indexes::ivf_factory(n, d);
  const std::size_t want = std::min(n, reelscale::indexes::ivf_train_size(factory));
  const std::size_t chunks = (n + kChunk - 1) / kChunk;
  const std::size_t per = std::min(kChunk, (want + chunks - 1) / chunks);  // a prefix of every chunk
  const auto t0 = Clock::now();
  std::vector<float> sample;
  for (std::size_t c = 0; c < chunks; ++c) {
    auto x = chunk(1, c, std::min(per, n - c * kChunk), d);
    sample.insert(sample.end(), x.begin(), x.end());
  }
  const double gen_s = since(t0);
  const auto t1 = Clock::now();
  reelscale::indexes::train_ivf(factory, d, sample.data(), sample.size() / std::size_t(d), dir / "trained.faiss", 2);
  std::printf("train %s: %zu sample vectors (%.1f s to generate), trained in %.1f s\n", factory.c_str(),
              sample.size() / std::size_t(d), gen_s, since(t1));
  return 0;
}

int cmd_shard(const fs::path& dir, std::size_t n, int d, int rank, int ranks) {
  const std::size_t lo = n * std::size_t(rank) / std::size_t(ranks), hi = n * std::size_t(rank + 1) / std::size_t(ranks);
  reelscale::indexes::IvfShard shard(dir / "trained.faiss", idx_t(lo), 1);
  const std::vector<float> xq = query_set(d);
  TopK top(xq.size() / std::size_t(d));
  double gen_s = 0, add_s = 0, gt_s = 0;
  omp_set_num_threads(1);  // one core per rank
  for (std::size_t row = lo; row < hi;) {  // chunk boundaries are global (row / kChunk)
    const std::size_t c = row / kChunk, off = row % kChunk, end = std::min(hi, (c + 1) * kChunk);
    auto t = Clock::now();
    std::vector<float> x = chunk(1, c, std::min(kChunk, n - c * kChunk), d);
    gen_s += since(t);
    t = Clock::now();
    shard.add(x.data() + off * std::size_t(d), end - row);
    add_s += since(t);
    t = Clock::now();
    exact_scan(xq, d, x.data() + off * std::size_t(d), end - row, idx_t(row), top);
    gt_s += since(t);
    row = end;
  }
  const auto t = Clock::now();
  shard.write(dir / ("shard-" + std::to_string(rank) + ".faiss"));
  write_top(top, dir / ("gt-" + std::to_string(rank) + ".bin"));
  std::printf("rank %d/%d: rows %zu..%zu, generate %.1f s, encode %.1f s, exact top-10 %.1f s, write %.1f s\n", rank,
              ranks, lo, hi, gen_s, add_s, gt_s, since(t));
  return 0;
}

int cmd_merge(const fs::path& dir, int ranks) {
  std::vector<fs::path> shards;
  for (int r = 0; r < ranks; ++r) shards.push_back(dir / ("shard-" + std::to_string(r) + ".faiss"));
  const auto t0 = Clock::now();
  const auto m = reelscale::indexes::merge_shards(shards, dir / "index.faiss");
  const double merge_s = since(t0);
  const std::size_t nq = queries();
  TopK all(nq);
  for (int r = 0; r < ranks; ++r) {
    const TopK part = read_top(dir / ("gt-" + std::to_string(r) + ".bin"), nq);
    for (std::size_t i = 0; i < nq; ++i)
      for (int j = 0; j < kK; ++j) all.offer(i, part.score[i * kK + j], part.id[i * kK + j]);
  }
  write_top(all, dir / "gt.bin");
  std::printf("merged %zu shards: %zu vectors in %.1f s (%.0f MB file)\n", m.shards, m.vectors, merge_s,
              double(fs::file_size(dir / "index.faiss")) / 1e6);
  return 0;
}

/// recall@10 and QPS for each "nprobe,k_factor" setting, batch and one query per call.
int cmd_search(const fs::path& dir, int d, const std::string& settings) {
  const std::vector<float> xq = query_set(d);
  const std::size_t nq = xq.size() / std::size_t(d);
  const TopK gt = read_top(dir / "gt.bin", nq);
  auto t0 = Clock::now();
  std::unique_ptr<faiss::Index> index(faiss::read_index((dir / "index.faiss").c_str()));
  std::printf("loaded %lld vectors in %.1f s\n", static_cast<long long>(index->ntotal), since(t0));
  std::istringstream in(settings);
  for (std::string s; in >> s;) {
    IvfSearch p;
    std::sscanf(s.c_str(), "%d,%f", &p.nprobe, &p.k_factor);
    reelscale::indexes::set_ivf_search(index.get(), p);
    std::vector<float> dist(nq * kK);
    std::vector<idx_t> ids(nq * kK);
    omp_set_num_threads(2);
    t0 = Clock::now();
    const double c0 = cpu_s();
    index->search(idx_t(nq), xq.data(), kK, dist.data(), ids.data());  // one batch, 2 OpenMP threads
    const double batch_s = since(t0), batch_cpu = cpu_s() - c0;
    t0 = Clock::now();
#pragma omp parallel for num_threads(2) schedule(dynamic, 8)
    for (std::size_t i = 0; i < nq; ++i) {
      omp_set_num_threads(1);  // one query per call, 2 threads each calling
      index->search(1, xq.data() + i * std::size_t(d), kK, dist.data() + i * kK, ids.data() + i * kK);
    }
    const double single_s = since(t0);
    omp_set_num_threads(2);
    std::size_t hit = 0;
    for (std::size_t i = 0; i < nq; ++i) {
      std::unordered_set<idx_t> truth(gt.id.begin() + std::ptrdiff_t(i * kK), gt.id.begin() + std::ptrdiff_t((i + 1) * kK));
      for (int j = 0; j < kK; ++j) hit += truth.count(ids[i * kK + j]);
    }
    // QPS of 2 threads with 2 whole cores = 2 / (CPU seconds per query): the figure
    // an idle 2-core machine gives; the wall-clock figures depend on the load.
    std::printf("nprobe %3d k_factor %4.0f: recall@10 %.4f  QPS wall %7.0f (batch of %zu)  %7.0f (one per call)  "
                "CPU %.3f ms/query = %.0f QPS on 2 free cores\n",
                p.nprobe, p.k_factor, double(hit) / double(nq * kK), double(nq) / batch_s, nq, double(nq) / single_s,
                1e3 * batch_cpu / double(nq), 2.0 * double(nq) / batch_cpu);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> a(argv + 1, argv + argc);
    if (a.size() >= 4 && a[0] == "train")
      return cmd_train(a[1], std::stoull(a[2]), std::stoi(a[3]), a.size() > 4 ? a[4] : "");
    if (a.size() == 6 && a[0] == "shard")
      return cmd_shard(a[1], std::stoull(a[2]), std::stoi(a[3]), env_or(a[4], "OMPI_COMM_WORLD_RANK"),
                       env_or(a[5], "OMPI_COMM_WORLD_SIZE"));
    if (a.size() == 3 && a[0] == "merge") return cmd_merge(a[1], std::stoi(a[2]));
    if (a.size() == 4 && a[0] == "search") return cmd_search(a[1], std::stoi(a[2]), a[3]);
    std::fprintf(stderr, "usage: see the header of bench/bench_ivfpq.cpp\n");
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_ivfpq: %s\n", e.what());
    return 1;
  }
}
