#include "indexes/scene_index.hpp"

#include <omp.h>

#include <faiss/AutoTune.h>
#include <faiss/Index.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <faiss/index_factory.h>
#include <faiss/index_io.h>
#include <faiss/utils/distances.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "catalog/catalog_reader.hpp"
#include "catalog/scene_catalog.hpp"

namespace reelscale::indexes {
namespace fs = std::filesystem;
using idx_t = faiss::Index::idx_t;

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

/// Calls `fn(asset_id, rec)` for every asset of the catalog with embeddings.
void for_each_asset(const fs::path& h5, const std::function<void(const AssetRecord&)>& fn) {
  catalog::CatalogReader reader(h5);
  for (const auto& id : reader.asset_ids()) {
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

/// Builds one index from vectors streamed by `stream(add)`, trained on `sample`.
void build_one(const std::string& factory, int dim, const std::vector<float>& sample, std::size_t n,
               const std::function<void(const std::function<void(const float*, std::size_t)>&)>& stream,
               const fs::path& file) {
  std::unique_ptr<faiss::Index> index(faiss::index_factory(dim, factory.c_str(), faiss::METRIC_INNER_PRODUCT));
  if (!index->is_trained) {
    if (sample.empty()) throw std::runtime_error("index '" + factory + "' needs training vectors");
    index->train(idx_t(sample.size() / std::size_t(dim)), sample.data());
  }
  stream([&](const float* x, std::size_t rows) { index->add(idx_t(rows), x); });
  if (std::size_t(index->ntotal) != n)
    throw std::runtime_error("index '" + file.string() + "': added " + std::to_string(index->ntotal) + " of " +
                             std::to_string(n) + " vectors");
  tune_search(index.get(), factory);
  fs::create_directories(file.parent_path());
  fs::path partial = file;
  partial += ".partial";
  faiss::write_index(index.get(), partial.c_str());
  fs::rename(partial, file);
}

}  // namespace

fs::path index_path(const fs::path& out, const std::string& name) { return out / "index" / (name + ".faiss"); }

std::string choose_factory(std::size_t n, int /*dim*/, std::size_t exact_below) {
  if (n < exact_below) return "Flat";
  return "HNSW32,Flat";
}

void tune_search(void* p, const std::string& /*factory*/) {
  auto* index = static_cast<faiss::Index*>(p);
  if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(index)) {
    ivf->nprobe = std::max<std::size_t>(8, ivf->nlist / 32);
  } else if (auto* hnsw = dynamic_cast<faiss::IndexHNSW*>(index)) {
    hnsw->hnsw.efSearch = 192;
  }
}

BuildStats build_indexes(const fs::path& out, const IndexOptions& opts) {
  const auto t0 = std::chrono::steady_clock::now();
  OmpThreads threads(opts.omp_threads);
  faiss::distance_compute_blas_threshold = 1 << 30;  // Faiss's SIMD path; Debian ships the reference BLAS
  const fs::path h5 = out / "catalog.h5";
  BuildStats st;
  // Pass 1: id maps, dimension, training samples (every vector until a cap, then strided).
  std::vector<catalog::IndexMapRow> scene_rows, frame_rows;
  std::vector<float> scene_sample, frame_sample;
  constexpr std::size_t kTrainMax = 100000;
  for_each_asset(h5, [&](const AssetRecord& rec) {
    const auto& sa = rec.scenes;
    if (st.dim == 0) st.dim = sa.embedding_dim;
    if (sa.embedding_dim != st.dim)
      throw std::runtime_error("asset " + rec.id + ": embedding dimension " + std::to_string(sa.embedding_dim) +
                               " differs from " + std::to_string(st.dim));
    const std::size_t d = std::size_t(st.dim);
    for (std::size_t i = 0; i < sa.scene_embeddings.size() / d; ++i) {
      scene_rows.push_back({rec.id, std::int64_t(i), -1});
      if (scene_sample.size() / d < kTrainMax)
        scene_sample.insert(scene_sample.end(), sa.scene_embeddings.begin() + std::ptrdiff_t(i * d),
                            sa.scene_embeddings.begin() + std::ptrdiff_t((i + 1) * d));
    }
    for (std::size_t i = 0; i < sa.embedded_frames.size() && (i + 1) * d <= sa.frame_embeddings.size(); ++i) {
      frame_rows.push_back({rec.id, scene_of(sa, sa.embedded_frames[i]), sa.embedded_frames[i]});
      if (frame_sample.size() / d < kTrainMax)
        frame_sample.insert(frame_sample.end(), sa.frame_embeddings.begin() + std::ptrdiff_t(i * d),
                            sa.frame_embeddings.begin() + std::ptrdiff_t((i + 1) * d));
    }
  });
  st.scenes = scene_rows.size();
  st.frames = frame_rows.size();
  if (st.dim == 0) throw std::runtime_error("catalog '" + h5.string() + "' holds no embeddings to index");
  st.scene_factory = opts.factory.empty() ? choose_factory(st.scenes, st.dim, opts.exact_below) : opts.factory;
  st.frame_factory = opts.factory.empty() ? choose_factory(st.frames, st.dim, opts.exact_below) : opts.factory;

  // Pass 2 (per index): stream the vectors in batches of opts.shard_vectors.
  auto streamer = [&](bool scenes) {
    return [&, scenes](const std::function<void(const float*, std::size_t)>& add) {
      std::vector<float> batch;
      const std::size_t d = std::size_t(st.dim);
      const std::size_t cap = std::max<std::size_t>(1, opts.shard_vectors);
      auto flush = [&] {
        if (!batch.empty()) add(batch.data(), batch.size() / d);
        batch.clear();
      };
      for_each_asset(h5, [&](const AssetRecord& rec) {
        const auto& v = scenes ? rec.scenes.scene_embeddings : rec.scenes.frame_embeddings;
        std::size_t rows = v.size() / d;
        if (!scenes) rows = std::min(rows, rec.scenes.embedded_frames.size());
        for (std::size_t i = 0; i < rows; ++i) {
          batch.insert(batch.end(), v.begin() + std::ptrdiff_t(i * d), v.begin() + std::ptrdiff_t((i + 1) * d));
          if (batch.size() / d >= cap) flush();
        }
      });
      flush();
    };
  };
  build_one(st.scene_factory, st.dim, scene_sample, st.scenes, streamer(true), index_path(out, "scenes"));
  build_one(st.frame_factory, st.dim, frame_sample, st.frames, streamer(false), index_path(out, "frames"));
  catalog::write_index_maps(h5, scene_rows, frame_rows);
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  spdlog::info("indexes: {} scenes ({}), {} frames ({}), dim {}, {:.1f} s", st.scenes, st.scene_factory, st.frames,
               st.frame_factory, st.dim, st.seconds);
  return st;
}

struct Index::Impl {
  std::unique_ptr<faiss::Index> index;
  int threads = 2;
};

Index::Index(const fs::path& file, int omp_threads) : impl_(std::make_unique<Impl>()) {
  if (!fs::exists(file))
    throw std::runtime_error("index '" + file.string() + "' not found (run `reelscale index OUT`)");
  impl_->index.reset(faiss::read_index(file.c_str(), faiss::IO_FLAG_READ_ONLY));
  impl_->threads = omp_threads > 0 ? omp_threads : 2;
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
