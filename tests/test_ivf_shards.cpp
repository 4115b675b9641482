/// @file test_ivf_shards.cpp
/// IVF-PQ indexes built in shards and merged (indexes/ivf_shards.hpp):
///  - 12,000 clustered 432-d unit vectors (the GIST embedding's dimension),
///    index trained once; encoded in one piece and in 2 shards merged with
///    merge_from: the two indexes return the same ids and scores for 200
///    queries; recall@10 against exact inner-product search (brute force here,
///    the independent reference) >= 0.90 with the default search settings;
///    shards given out of order are refused;
///  - build_indexes over a catalog by 2 "ranks" (2 processes, barriers over pipes
///    in place of MPI's, the same code path) gives the same index results as 1 rank,
///    removes its intermediate files, and indexes::Index loads it like HNSW/Flat.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <stdexcept>
#include <unordered_set>
#include <vector>

#include "catalog/catalog_writer.hpp"
#include "catalog/scene_catalog.hpp"
#include "indexes/ivf_shards.hpp"
#include "indexes/scene_index.hpp"
#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
namespace rt = reelscale::testing;
namespace ix = reelscale::indexes;

void normalise(float* v, int d) {
  double s = 0;
  for (int j = 0; j < d; ++j) s += double(v[j]) * v[j];
  for (int j = 0; j < d; ++j) v[j] = float(v[j] / std::sqrt(s));
}

/// n unit vectors around 100 centres (per-dimension noise sigma 0.05, as bench_ivfpq).
std::vector<float> clustered(std::size_t n, int d, unsigned seed) {
  std::mt19937 c_rng(99), rng(seed);
  std::normal_distribution<float> g(0, 1);
  std::vector<float> cen(100 * std::size_t(d));
  for (auto& x : cen) x = g(c_rng);
  for (int c = 0; c < 100; ++c) normalise(&cen[std::size_t(c) * d], d);
  std::uniform_int_distribution<int> pick(0, 99);
  std::vector<float> x(n * std::size_t(d));
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t c = std::size_t(pick(rng));
    for (int j = 0; j < d; ++j) x[i * d + j] = cen[c * d + j] + 0.05f * g(rng);
    normalise(&x[i * d], d);
  }
  return x;
}

/// Exact top-k ids by inner product (brute force).
std::vector<std::int64_t> exact_top(const std::vector<float>& xb, int d, const float* q, std::size_t k) {
  const std::size_t n = xb.size() / std::size_t(d);
  std::vector<std::pair<float, std::int64_t>> s(n);
  for (std::size_t i = 0; i < n; ++i) {
    float dot = 0;
    for (int j = 0; j < d; ++j) dot += q[j] * xb[i * d + j];
    s[i] = {-dot, std::int64_t(i)};
  }
  std::partial_sort(s.begin(), s.begin() + std::ptrdiff_t(k), s.end());
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < k; ++i) ids.push_back(s[i].second);
  return ids;
}

/// A catalog of `assets` assets with `scenes` scenes each (dim 16, 1 embedded frame per scene).
void write_catalog(const fs::path& h5, int assets, int scenes) {
  std::mt19937 rng(5);
  std::normal_distribution<float> g(0, 1);
  reelscale::catalog::CatalogWriter w(h5);
  for (int a = 0; a < assets; ++a) {
    reelscale::AssetRecord r;
    char id[17];
    std::snprintf(id, sizeof id, "bbbb%012d", a);
    r.id = id;
    r.path = "/archive/" + r.id + ".mp4";
    r.fps = 25;
    r.frames = 10 * scenes;
    r.scenes.embedding_dim = 16;
    for (int s = 0; s < scenes; ++s) {
      reelscale::Scene sc;
      sc.start_frame = 10 * s;
      sc.end_frame = 10 * s + 9;
      sc.keyframe = 10 * s + 5;
      r.scenes.scenes.push_back(sc);
      std::vector<float> v(16);
      for (auto& x : v) x = g(rng);
      normalise(v.data(), 16);
      r.scenes.scene_embeddings.insert(r.scenes.scene_embeddings.end(), v.begin(), v.end());
      r.scenes.embedded_frames.push_back(10 * s + 5);
      r.scenes.frame_embeddings.insert(r.scenes.frame_embeddings.end(), v.begin(), v.end());
    }
    r.scenes.keyframe_jpeg.assign(std::size_t(scenes), {});
    w.write_asset(r);
  }
  w.close();
}

/// Runs build_indexes as rank 1 of 2 in a forked child (HDF5 is not thread-safe,
/// so the ranks are processes, as under mpirun); barriers over two pipes.
TEST(IvfShards, BuildIndexesOnTwoRanksMatchesOneRank) {
  const fs::path one = rt::scratch_dir("ivf-build-1"), two = rt::scratch_dir("ivf-build-2");
  write_catalog(one / "catalog.h5", 7, 700);  // 4,900 scenes: above ivf_from below
  fs::copy_file(one / "catalog.h5", two / "catalog.h5", fs::copy_options::overwrite_existing);
  ix::IndexOptions o;
  o.exact_below = 1000;
  o.ivf_from = 4000;
  o.shard_vectors = 1000;
  o.omp_threads = 1;  // HNSW quantizer graphs are deterministic with one thread
  int up[2], down[2];
  ASSERT_EQ(pipe(up), 0);
  ASSERT_EQ(pipe(down), 0);
  auto barrier = [](int wfd, int rfd) {
    char c = 1;
    if (write(wfd, &c, 1) != 1 || read(rfd, &c, 1) != 1) throw std::runtime_error("barrier pipe closed");
  };
  ix::IndexOptions p = o;
  p.ranks = 2;
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {  // rank 1 (before any OpenMP use in this process)
    p.rank = 1;
    p.barrier = [&] { barrier(up[1], down[0]); };
    try {
      ix::build_indexes(two, p);
    } catch (...) {
      _exit(1);
    }
    _exit(0);
  }
  p.rank = 0;
  p.barrier = [&] { barrier(down[1], up[0]); };
  const auto st2 = ix::build_indexes(two, p);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "rank 1 failed";
  EXPECT_EQ(st2.scenes, 4900u);
  EXPECT_EQ(st2.scene_factory, "IVF256_HNSW32,PQ2,Refine(SQ8)");
  for (const auto& e : fs::directory_iterator(two / "index"))
    EXPECT_TRUE(e.path().extension() == ".faiss" && e.path().stem().string().find('.') == std::string::npos)
        << "left behind: " << e.path();
  const auto st1 = ix::build_indexes(one, o);  // the reference: one rank
  EXPECT_EQ(st1.scene_factory, st2.scene_factory);
  // Training samples the same reservoir, so both builds train alike: same results.
  const ix::Index i1(ix::index_path(one, "scenes")), i2(ix::index_path(two, "scenes"));
  ASSERT_EQ(i2.size(), 4900u);
  ASSERT_EQ(reelscale::catalog::read_index_map(two / "catalog.h5", "scenes").size(), 4900u);
  std::vector<float> q(16);
  std::mt19937 rng(8);
  std::normal_distribution<float> g(0, 1);
  std::size_t same = 0;
  for (int t = 0; t < 50; ++t) {
    for (auto& x : q) x = g(rng);
    normalise(q.data(), 16);
    const auto h1 = i1.search(q.data(), 5), h2 = i2.search(q.data(), 5);
    ASSERT_EQ(h1.size(), 5u);
    ASSERT_EQ(h2.size(), 5u);
    for (std::size_t j = 0; j < 5; ++j) same += h1[j].id == h2[j].id;
  }
  EXPECT_EQ(same, 250u);
}

TEST(IvfShards, TwoShardsMergedEqualOnePieceAndRecall) {
  constexpr int d = 432;
  constexpr std::size_t n = 12000, nq = 200, k = 10;
  const fs::path dir = rt::scratch_dir("ivf-shards");
  const std::vector<float> xb = clustered(n, d, 1), xq = clustered(nq, d, 2);
  const std::string factory = ix::ivf_factory(n, d);
  EXPECT_EQ(factory, "IVF256_HNSW32,PQ54,Refine(SQ8)");
  ix::train_ivf(factory, d, xb.data(), 6000, dir / "trained.faiss");

  ix::IvfShard whole(dir / "trained.faiss", 0);
  whole.add(xb.data(), n);
  whole.write(dir / "whole-0.faiss");
  ix::merge_shards({dir / "whole-0.faiss"}, dir / "whole.faiss");
  const std::size_t half = 5001;  // uneven split, several add() calls
  ix::IvfShard a(dir / "trained.faiss", 0), b(dir / "trained.faiss", std::int64_t(half));
  a.add(xb.data(), 3000);
  a.add(xb.data() + 3000 * d, half - 3000);
  b.add(xb.data() + half * d, n - half);
  a.write(dir / "shard-0.faiss");
  b.write(dir / "shard-1.faiss");
  EXPECT_THROW(ix::merge_shards({dir / "shard-1.faiss", dir / "shard-0.faiss"}, dir / "bad.faiss"),
               std::runtime_error);
  const auto m = ix::merge_shards({dir / "shard-0.faiss", dir / "shard-1.faiss"}, dir / "merged.faiss");
  EXPECT_EQ(m.vectors, n);

  const ix::Index one(dir / "whole.faiss"), two(dir / "merged.faiss");
  ASSERT_EQ(two.size(), n);
  std::size_t same = 0, hit = 0;
  for (std::size_t i = 0; i < nq; ++i) {
    const auto h1 = one.search(xq.data() + i * d, k), h2 = two.search(xq.data() + i * d, k);
    ASSERT_EQ(h1.size(), k);
    ASSERT_EQ(h2.size(), k);
    for (std::size_t j = 0; j < k; ++j) {
      same += h1[j].id == h2[j].id;
      EXPECT_FLOAT_EQ(h1[j].score, h2[j].score);
    }
    const auto truth = exact_top(xb, d, xq.data() + i * d, k);
    const std::unordered_set<std::int64_t> t(truth.begin(), truth.end());
    for (const auto& h : h2) hit += t.count(h.id);
  }
  EXPECT_EQ(same, nq * k) << "merged shards must search exactly like the one-piece index";
  const double recall = double(hit) / double(nq * k);
  std::printf("recall@10 of the merged IVF-PQ index (nprobe 16, k_factor 32): %.4f\n", recall);
  EXPECT_GE(recall, 0.90);
  // nprobe is a search parameter: 1 list of 256 must lose neighbours.
  const ix::Index narrow(dir / "merged.faiss", 0, /*nprobe=*/1);
  std::size_t narrow_hit = 0;
  for (std::size_t i = 0; i < nq; ++i) {
    const auto truth = exact_top(xb, d, xq.data() + i * d, k);
    const std::unordered_set<std::int64_t> t(truth.begin(), truth.end());
    for (const auto& h : narrow.search(xq.data() + i * d, k)) narrow_hit += t.count(h.id);
  }
  EXPECT_LT(narrow_hit, hit);
}

}  // namespace
