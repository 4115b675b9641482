#include "indexes/scene_index.hpp"

#include <omp.h>

#include <faiss/AutoTune.h>
#include <faiss/Index.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexRefine.h>
#include <faiss/index_factory.h>
#include <faiss/index_io.h>
#include <faiss/utils/distances.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <functional>
#include <optional>
#include <random>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "catalog/catalog_reader.hpp"
#include "catalog/scene_catalog.hpp"

namespace reelscale::indexes {
namespace fs = std::filesystem;
using idx_t = faiss::Index::idx_t;
constexpr std::size_t kTrainCap = 524288;  ///< training sample: 32 vectors per list of IVF16384

namespace {

/// Bounds Faiss's OpenMP threads for the lifetime of the guard (and restores them).
class OmpThreads {
 public:
  explicit OmpThreads(int n) : saved_(omp_get_max_threads()) { omp_set_num_threads(n > 0 ? n : 2); }
  ~OmpThreads() { omp_set_num_threads(saved_); }
  OmpThreads(const OmpThreads&) = delete;
  OmpThreads& operator=(const OmpThreads&) = delete;

 private:
  int saved_;
};

/// Calls `fn(rec)` for every asset of the catalog with embeddings (all assets, or those of `only`).
void for_each_asset(const fs::path& h5, const std::function<void(const AssetRecord&)>& fn,
                    const std::vector<std::string>* only = nullptr) {
  catalog::CatalogReader reader(h5);
  for (const auto& id : only ? *only : reader.asset_ids()) {
    AssetRecord rec = reader.read_asset(id, /*with_frames=*/false);
    if (rec.scenes.embedding_dim <= 0) continue;
    fn(rec);
  }
}

int scene_of(const SceneAnalysis& sa, std::int64_t frame) {
  for (std::size_t i = 0; i < sa.scenes.size(); ++i)
    if (sa.scenes[i].start_frame <= frame && frame <= sa.scenes[i].end_frame) return int(i);
  return sa.scenes.empty() ? 0 : int(sa.scenes.size()) - 1;
}

/// Rows of one index an asset contributes: its scene vectors, or its frame
/// vectors that have a frame number. Row i starts at vectors(rec, scenes) + i * dim.
std::size_t rows_of(const AssetRecord& rec, bool scenes, std::size_t d) {
  const auto& v = scenes ? rec.scenes.scene_embeddings : rec.scenes.frame_embeddings;
  return scenes ? v.size() / d : std::min(v.size() / d, rec.scenes.embedded_frames.size());
}
const float* vectors(const AssetRecord& rec, bool scenes) {
  return scenes ? rec.scenes.scene_embeddings.data() : rec.scenes.frame_embeddings.data();
}

/// Uniform sample of at most `cap` vectors (reservoir sampling, Vitter's Algorithm R; fixed seed).
struct Reservoir {
  std::size_t cap, seen = 0;
  std::vector<float> x;
  std::mt19937_64 rng{20261202};
  void offer(const float* v, std::size_t d) {
    ++seen;
    if (x.size() / d < cap) {
      x.insert(x.end(), v, v + d);
      return;
    }
    const std::size_t j = std::uniform_int_distribution<std::size_t>(0, seen - 1)(rng);
    if (j < cap) std::copy(v, v + d, x.begin() + std::ptrdiff_t(j * d));
  }
};

/// Everything rank 0 learns from one read of the catalog.
struct Scan {
  BuildStats st;
  std::vector<catalog::IndexMapRow> scene_rows, frame_rows;
  Reservoir scene_sample{kTrainCap}, frame_sample{kTrainCap};
  std::vector<std::string> assets;                      ///< assets with embeddings, catalog order
  std::vector<std::size_t> scene_count, frame_count;    ///< rows per asset
};

Scan scan_catalog(const fs::path& h5) {
  Scan s;
  for_each_asset(h5, [&](const AssetRecord& rec) {
    const auto& sa = rec.scenes;
    if (s.st.dim == 0) s.st.dim = sa.embedding_dim;
    if (sa.embedding_dim != s.st.dim)
      throw std::runtime_error("asset " + rec.id + ": embedding dimension " + std::to_string(sa.embedding_dim) +
                               " differs from " + std::to_string(s.st.dim));
    const std::size_t d = std::size_t(s.st.dim);
    const std::size_t ns = rows_of(rec, true, d), nf = rows_of(rec, false, d);
    for (std::size_t i = 0; i < ns; ++i) {
      s.scene_rows.push_back({rec.id, std::int64_t(i), -1});
      s.scene_sample.offer(sa.scene_embeddings.data() + i * d, d);
    }
    for (std::size_t i = 0; i < nf; ++i) {
      s.frame_rows.push_back({rec.id, scene_of(sa, sa.embedded_frames[i]), sa.embedded_frames[i]});
      s.frame_sample.offer(sa.frame_embeddings.data() + i * d, d);
    }
    s.assets.push_back(rec.id);
    s.scene_count.push_back(ns);
    s.frame_count.push_back(nf);
  });
  s.st.scenes = s.scene_rows.size();
  s.st.frames = s.frame_rows.size();
  if (s.st.dim == 0) throw std::runtime_error("catalog '" + h5.string() + "' holds no embeddings to index");
  return s;
}

/// Streams the rows of `assets` (all when null) in batches of at most `cap` vectors.
void stream_rows(const fs::path& h5, bool scenes, int dim, std::size_t cap, const std::vector<std::string>* assets,
                 const std::function<void(const float*, std::size_t)>& add) {
  std::vector<float> batch;
  const std::size_t d = std::size_t(dim);
  cap = std::max<std::size_t>(1, cap);
  auto flush = [&] {
    if (!batch.empty()) add(batch.data(), batch.size() / d);
    batch.clear();
  };
  for_each_asset(
      h5,
      [&](const AssetRecord& rec) {
        const float* v = vectors(rec, scenes);
        for (std::size_t i = 0, n = rows_of(rec, scenes, d); i < n; ++i) {
          batch.insert(batch.end(), v + i * d, v + (i + 1) * d);
          if (batch.size() / d >= cap) flush();
        }
      },
      assets);
  flush();
}

/// Builds one (non-sharded) index from all rows of the catalog, trained on `sample`.
void build_one(const std::string& factory, int dim, const std::vector<float>& sample, std::size_t n,
               const std::function<void(const std::function<void(const float*, std::size_t)>&)>& stream,
               const fs::path& file, const IvfSearch& ivf) {
  std::unique_ptr<faiss::Index> index(faiss::index_factory(dim, factory.c_str(), faiss::METRIC_INNER_PRODUCT));
  if (!index->is_trained) {
    if (sample.empty()) throw std::runtime_error("index '" + factory + "' needs training vectors");
    index->train(idx_t(sample.size() / std::size_t(dim)), sample.data());
  }
  stream([&](const float* x, std::size_t rows) { index->add(idx_t(rows), x); });
  if (std::size_t(index->ntotal) != n)
    throw std::runtime_error("index '" + file.string() + "': added " + std::to_string(index->ntotal) + " of " +
                             std::to_string(n) + " vectors");
  tune_search(index.get(), factory, ivf);
  fs::create_directories(file.parent_path());
  fs::path partial = file;
  partial += ".partial";
  faiss::write_index(index.get(), partial.c_str());
  fs::rename(partial, file);
}

fs::path work_file(const fs::path& out, const std::string& name, const std::string& suffix) {
  return out / "index" / (name + suffix);
}

/// Rank 0: removes the intermediate files of an earlier (interrupted) sharded build.
void remove_work_files(const fs::path& out) {
  if (!fs::exists(out / "index")) return;
  for (const auto& e : fs::directory_iterator(out / "index")) {
    const std::string f = e.path().filename().string();
    if (f.find(".plan-") != std::string::npos || f.find(".shard-") != std::string::npos ||
        f.find(".trained.faiss") != std::string::npos)
      fs::remove(e.path());
  }
}

/// Rank 0: trains the IVF index `name` once and writes one plan per rank (its
/// first row, then its asset ids: contiguous ranges of about n / ranks rows).
void plan_ivf(const Scan& s, bool scenes, const std::string& factory, const fs::path& out, const std::string& name,
              int ranks, int threads) {
  const std::size_t d = std::size_t(s.st.dim);
  const Reservoir& res = scenes ? s.scene_sample : s.frame_sample;
  const std::size_t rows = std::min(res.x.size() / d, ivf_train_size(factory));
  train_ivf(factory, s.st.dim, res.x.data(), rows, work_file(out, name, ".trained.faiss"), threads);
  const auto& count = scenes ? s.scene_count : s.frame_count;
  std::size_t n = 0;
  for (std::size_t c : count) n += c;
  std::vector<std::ofstream> plan;
  for (int r = 0; r < ranks; ++r) plan.emplace_back(work_file(out, name, ".plan-" + std::to_string(r)));
  std::vector<std::size_t> first(std::size_t(ranks), 0);
  std::vector<bool> started(std::size_t(ranks), false);
  std::size_t row = 0;
  for (std::size_t a = 0; a < count.size(); ++a) {
    const int r = n == 0 ? 0 : int(std::min<std::size_t>(std::size_t(ranks) - 1, row * std::size_t(ranks) / n));
    if (!started[std::size_t(r)]) {
      plan[std::size_t(r)] << row << '\n';
      started[std::size_t(r)] = true;
    }
    plan[std::size_t(r)] << s.assets[a] << '\n';
    row += count[a];
  }
  for (int r = 0; r < ranks; ++r) {
    if (!started[std::size_t(r)]) plan[std::size_t(r)] << row << '\n';  // an empty shard
    if (!plan[std::size_t(r)].flush()) throw std::runtime_error("cannot write the plans of index '" + name + "'");
  }
}

/// Every rank: encodes the assets of its plan into its shard (no plan: nothing to do).
void encode_ivf(const fs::path& out, const std::string& name, bool scenes, int rank, std::size_t cap, int threads) {
  const fs::path plan_file = work_file(out, name, ".plan-" + std::to_string(rank));
  if (!fs::exists(plan_file)) return;
  std::ifstream plan(plan_file);
  std::int64_t first = 0;
  plan >> first;
  std::vector<std::string> ids;
  for (std::string id; plan >> id;) ids.push_back(id);
  IvfShard shard(work_file(out, name, ".trained.faiss"), first, threads);
  stream_rows(out / "catalog.h5", scenes, shard.dim(), cap, &ids,
              [&](const float* x, std::size_t rows) { shard.add(x, rows); });
  shard.write(work_file(out, name, ".shard-" + std::to_string(rank) + ".faiss"));
  spdlog::info("index {}: rank {} encoded {} vector(s) of {} asset(s)", name, rank, shard.size(), ids.size());
}

/// Rank 0: merges the shards of `name` into `file`; removes the intermediate files.
void merge_ivf(const fs::path& out, const std::string& name, int ranks, const fs::path& file, const IvfSearch& ivf,
               int threads) {
  std::vector<fs::path> shards;
  for (int r = 0; r < ranks; ++r) shards.push_back(work_file(out, name, ".shard-" + std::to_string(r) + ".faiss"));
  merge_shards(shards, file, ivf, threads);
  for (int r = 0; r < ranks; ++r) {
    fs::remove(shards[std::size_t(r)]);
    fs::remove(work_file(out, name, ".plan-" + std::to_string(r)));
  }
  fs::remove(work_file(out, name, ".trained.faiss"));
}

}  // namespace

fs::path index_path(const fs::path& out, const std::string& name) { return out / "index" / (name + ".faiss"); }

std::string choose_factory(std::size_t n, int dim, std::size_t exact_below, std::size_t ivf_from) {
  if (n < exact_below) return "Flat";
  if (n < ivf_from) return "HNSW32,Flat";
  return ivf_factory(n, dim);
}

void tune_search(void* p, const std::string& /*factory*/, const IvfSearch& ivf) {
  auto* index = static_cast<faiss::Index*>(p);
  if (auto* hnsw = dynamic_cast<faiss::IndexHNSW*>(index)) {
    hnsw->hnsw.efSearch = 192;
  } else if (dynamic_cast<faiss::IndexRefine*>(index) || dynamic_cast<faiss::IndexIVF*>(index)) {
    set_ivf_search(index, ivf);
  }
}

BuildStats build_indexes(const fs::path& out, const IndexOptions& opts) {
  const auto t0 = std::chrono::steady_clock::now();
  OmpThreads threads(opts.omp_threads);
  faiss::distance_compute_blas_threshold = 1 << 30;  // Faiss's SIMD path; Debian ships the reference BLAS
  const fs::path h5 = out / "catalog.h5";
  const bool lead = opts.rank == 0;
  const int ranks = std::max(1, opts.ranks);
  if (ranks > 1 && !opts.barrier) throw std::invalid_argument("build_indexes: several ranks need a barrier");
  auto sync = [&] {
    if (ranks > 1) opts.barrier();
  };
  const std::string names[2] = {"scenes", "frames"};
  std::optional<Scan> scan;
  std::string factory[2];
  std::exception_ptr failed;
  if (lead) try {  // pass 1 (rank 0): id maps, dimension, samples; IVF: train + plans
      remove_work_files(out);
      scan.emplace(scan_catalog(h5));
      for (int i = 0; i < 2; ++i) {
        const std::size_t n = i == 0 ? scan->st.scenes : scan->st.frames;
        factory[i] = opts.factory.empty() ? choose_factory(n, scan->st.dim, opts.exact_below, opts.ivf_from) : opts.factory;
        if (is_ivf_factory(factory[i])) plan_ivf(*scan, i == 0, factory[i], out, names[i], ranks, opts.omp_threads);
      }
    } catch (...) {
      failed = std::current_exception();
      remove_work_files(out);
    }
  sync();
  for (int i = 0; i < 2; ++i) try {  // pass 2 (every rank): its shard of each IVF index
      encode_ivf(out, names[i], i == 0, opts.rank, opts.shard_vectors, opts.omp_threads);
    } catch (...) {
      if (!failed) failed = std::current_exception();
    }
  sync();
  if (failed) std::rethrow_exception(failed);  // rank 0: a missing shard also fails below
  if (!lead) return {};
  BuildStats st = scan->st;
  st.scene_factory = factory[0];
  st.frame_factory = factory[1];
  for (int i = 0; i < 2; ++i) {  // pass 3 (rank 0): merge the shards, or build the whole index
    const fs::path file = index_path(out, names[i]);
    if (is_ivf_factory(factory[i])) {
      merge_ivf(out, names[i], ranks, file, opts.ivf_search, opts.omp_threads);
      continue;
    }
    const Reservoir& res = i == 0 ? scan->scene_sample : scan->frame_sample;
    build_one(factory[i], st.dim, res.x, i == 0 ? st.scenes : st.frames,
              [&](const auto& add) { stream_rows(h5, i == 0, st.dim, opts.shard_vectors, nullptr, add); }, file,
              opts.ivf_search);
  }
  catalog::write_index_maps(h5, scan->scene_rows, scan->frame_rows);
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  spdlog::info("indexes: {} scenes ({}), {} frames ({}), dim {}, {} rank(s), {:.1f} s", st.scenes, st.scene_factory,
               st.frames, st.frame_factory, st.dim, ranks, st.seconds);
  return st;
}

struct Index::Impl {
  std::unique_ptr<faiss::Index> index;
  int threads = 2;
};

Index::Index(const fs::path& file, int omp_threads, int nprobe) : impl_(std::make_unique<Impl>()) {
  if (!fs::exists(file))
    throw std::runtime_error("index '" + file.string() + "' not found (run `reelscale index OUT`)");
  impl_->index.reset(faiss::read_index(file.c_str(), faiss::IO_FLAG_READ_ONLY));
  impl_->threads = omp_threads > 0 ? omp_threads : 2;
  if (nprobe <= 0)
    if (const char* e = std::getenv("REELSCALE_NPROBE")) nprobe = std::atoi(e);
  if (nprobe > 0) {
    faiss::Index* base = impl_->index.get();
    if (auto* r = dynamic_cast<faiss::IndexRefine*>(base)) base = r->base_index;
    if (dynamic_cast<faiss::IndexIVF*>(base)) {
      IvfSearch s;
      s.nprobe = nprobe;
      if (auto* r = dynamic_cast<faiss::IndexRefine*>(impl_->index.get())) s.k_factor = r->k_factor;
      set_ivf_search(impl_->index.get(), s);
    }
  }
}
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;
Index::~Index() = default;

std::size_t Index::size() const { return std::size_t(impl_->index->ntotal); }
int Index::dim() const { return impl_->index->d; }

std::vector<Hit> Index::search(const float* query, std::size_t k) const {
  OmpThreads threads(impl_->threads);
  k = std::min<std::size_t>(k, size());
  std::vector<Hit> hits;
  if (k == 0) return hits;
  std::vector<float> dist(k);
  std::vector<idx_t> ids(k);
  impl_->index->search(1, query, idx_t(k), dist.data(), ids.data());
  for (std::size_t i = 0; i < k; ++i)
    if (ids[i] >= 0) hits.push_back({ids[i], dist[i]});
  return hits;
}

}  // namespace reelscale::indexes
