#include "indexes/ivf_shards.hpp"

#include <omp.h>

#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexRefine.h>
#include <faiss/index_factory.h>
#include <faiss/index_io.h>
#include <faiss/utils/distances.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <limits>
#include <stdexcept>

namespace reelscale::indexes {
namespace fs = std::filesystem;
using idx_t = faiss::Index::idx_t;

namespace {

/// omp_set_num_threads for a scope (0 = 2), restored on exit.
class Threads {
 public:
  explicit Threads(int n) : saved_(omp_get_max_threads()) { omp_set_num_threads(n > 0 ? n : 2); }
  ~Threads() { omp_set_num_threads(saved_); }
  Threads(const Threads&) = delete;
  Threads& operator=(const Threads&) = delete;

 private:
  int saved_;
};

/// The IVF part of an index: the base of an IndexRefine, or the index itself.
faiss::IndexIVF* ivf_of(faiss::Index* index) {
  if (auto* r = dynamic_cast<faiss::IndexRefine*>(index)) return dynamic_cast<faiss::IndexIVF*>(r->base_index);
  return dynamic_cast<faiss::IndexIVF*>(index);
}

std::unique_ptr<faiss::Index> read_checked(const fs::path& file) {
  if (!fs::exists(file)) throw std::runtime_error("IVF index '" + file.string() + "' not found");
  std::unique_ptr<faiss::Index> index(faiss::read_index(file.c_str()));
  if (!ivf_of(index.get())) throw std::runtime_error("'" + file.string() + "' is not an IVF index");
  return index;
}

void write_atomic(const faiss::Index* index, const fs::path& file) {
  if (file.has_parent_path()) fs::create_directories(file.parent_path());
  fs::path partial = file;
  partial += ".partial";
  faiss::write_index(index, partial.c_str());
  fs::rename(partial, file);
}

/// Smallest and largest Faiss id stored in the inverted lists (ntotal == 0: {max, -1}).
std::pair<idx_t, idx_t> id_range(const faiss::IndexIVF& ivf) {
  idx_t lo = std::numeric_limits<idx_t>::max(), hi = -1;
  for (std::size_t l = 0; l < ivf.nlist; ++l) {
    const std::size_t n = ivf.invlists->list_size(l);
    if (n == 0) continue;
    faiss::InvertedLists::ScopedIds ids(ivf.invlists, l);
    for (std::size_t i = 0; i < n; ++i) {
      lo = std::min(lo, ids[i]);
      hi = std::max(hi, ids[i]);
    }
  }
  return {lo, hi};
}

std::size_t nlist_of(const std::string& factory) {
  if (!is_ivf_factory(factory)) throw std::runtime_error("'" + factory + "' is not an IVF factory");
  return std::size_t(std::strtoull(factory.c_str() + 3, nullptr, 10));
}

}  // namespace

std::string ivf_factory(std::size_t n, int dim) {
  std::size_t nlist = 256;
  while (nlist * 2 <= n / 400 && nlist < 65536) nlist *= 2;
  int m = dim / 8;
  while (m > 1 && dim % m != 0) --m;
  return "IVF" + std::to_string(nlist) + "_HNSW32,PQ" + std::to_string(std::max(m, 1)) + ",Refine(SQ8)";
}

bool is_ivf_factory(const std::string& factory) {
  return factory.size() > 3 && factory.compare(0, 3, "IVF") == 0 && std::isdigit(static_cast<unsigned char>(factory[3]));
}

std::size_t ivf_train_size(const std::string& factory) { return std::max<std::size_t>(50000, 32 * nlist_of(factory)); }

void set_ivf_search(void* p, const IvfSearch& s) {
  auto* index = static_cast<faiss::Index*>(p);
  faiss::IndexIVF* ivf = ivf_of(index);
  if (!ivf) return;
  ivf->nprobe = std::size_t(std::max(1, s.nprobe));
  if (auto* r = dynamic_cast<faiss::IndexRefine*>(index)) r->k_factor = std::max(1.0f, s.k_factor);
  if (auto* q = dynamic_cast<faiss::IndexHNSW*>(ivf->quantizer))
    q->hnsw.efSearch = s.quantizer_ef > 0 ? s.quantizer_ef : std::max(64, 2 * s.nprobe);
}

void train_ivf(const std::string& factory, int dim, const float* sample, std::size_t rows, const fs::path& file,
               int omp_threads) {
  Threads threads(omp_threads);
  faiss::distance_compute_blas_threshold = 1 << 30;  // Faiss's SIMD path; Debian ships the reference BLAS
  std::unique_ptr<faiss::Index> index(faiss::index_factory(dim, factory.c_str(), faiss::METRIC_INNER_PRODUCT));
  faiss::IndexIVF* ivf = ivf_of(index.get());
  if (!ivf) throw std::runtime_error("factory '" + factory + "' does not make an IVF index");
  if (rows < ivf->nlist) throw std::runtime_error("IVF training needs at least nlist vectors");
  // k-means assignment through an HNSW graph of the centroids: flat assignment
  // costs rows x nlist x dim per iteration (hours at nlist 16384 on 2 cores).
  std::unique_ptr<faiss::IndexHNSWFlat> assign;
  if (ivf->nlist >= 1024) {
    assign = std::make_unique<faiss::IndexHNSWFlat>(dim, 32);
    ivf->clustering_index = assign.get();
  }
  // Polysemous training (on by default in index_factory) only serves Hamming
  // pre-filtering, which these indexes do not use, and costs minutes.
  if (auto* pq = dynamic_cast<faiss::IndexIVFPQ*>(ivf)) pq->do_polysemous_training = false;
  index->train(idx_t(rows), sample);
  ivf->clustering_index = nullptr;
  set_ivf_search(index.get(), {});
  if (auto* q = dynamic_cast<faiss::IndexHNSW*>(ivf->quantizer)) q->hnsw.efSearch = 32;  // cell assignment at add
  write_atomic(index.get(), file);
}

struct IvfShard::Impl {
  std::unique_ptr<faiss::Index> index;
  idx_t first = 0;
  int threads = 2;
};

IvfShard::IvfShard(const fs::path& trained, std::int64_t first_id, int omp_threads) : impl_(std::make_unique<Impl>()) {
  impl_->index = read_checked(trained);
  if (impl_->index->ntotal != 0) throw std::runtime_error("'" + trained.string() + "' is not an empty trained index");
  impl_->first = first_id;
  impl_->threads = omp_threads;
}
IvfShard::IvfShard(IvfShard&&) noexcept = default;
IvfShard& IvfShard::operator=(IvfShard&&) noexcept = default;
IvfShard::~IvfShard() = default;

void IvfShard::add(const float* x, std::size_t rows) {
  if (rows == 0) return;
  Threads threads(impl_->threads);
  faiss::distance_compute_blas_threshold = 1 << 30;
  faiss::Index* index = impl_->index.get();
  std::vector<idx_t> ids(rows);
  for (std::size_t i = 0; i < rows; ++i) ids[i] = impl_->first + index->ntotal + idx_t(i);
  faiss::IndexIVF* ivf = ivf_of(index);
  ivf->add_with_ids(idx_t(rows), x, ids.data());
  if (auto* r = dynamic_cast<faiss::IndexRefine*>(index)) {
    r->refine_index->add(idx_t(rows), x);
    r->ntotal = ivf->ntotal;
  }
}

std::size_t IvfShard::size() const { return std::size_t(impl_->index->ntotal); }
int IvfShard::dim() const { return impl_->index->d; }
void IvfShard::write(const fs::path& file) const { write_atomic(impl_->index.get(), file); }

MergeResult merge_shards(const std::vector<fs::path>& shards, const fs::path& file, const IvfSearch& search,
                         int omp_threads) {
  if (shards.empty()) throw std::runtime_error("no IVF shards to merge into '" + file.string() + "'");
  Threads threads(omp_threads);
  std::unique_ptr<faiss::Index> merged = read_checked(shards[0]);
  auto* mref = dynamic_cast<faiss::IndexRefine*>(merged.get());
  for (std::size_t s = 0; s < shards.size(); ++s) {
    std::unique_ptr<faiss::Index> part = s == 0 ? nullptr : read_checked(shards[s]);
    faiss::Index* shard = s == 0 ? merged.get() : part.get();
    const auto [lo, hi] = id_range(*ivf_of(shard));
    const idx_t before = s == 0 ? 0 : merged->ntotal;
    if (shard->ntotal > 0 && (lo != before || hi != before + shard->ntotal - 1))
      throw std::runtime_error("IVF shard '" + shards[s].string() + "' holds ids " + std::to_string(lo) + ".." +
                               std::to_string(hi) + ", expected " + std::to_string(before) + ".. (shards out of order?)");
    if (s == 0) continue;
    auto* pref = dynamic_cast<faiss::IndexRefine*>(shard);
    if (bool(pref) != bool(mref)) throw std::runtime_error("IVF shard '" + shards[s].string() + "' has another layout");
    ivf_of(merged.get())->merge_from(*ivf_of(shard), 0);  // checks nlist, code size and the quantizer
    if (mref) {
      mref->refine_index->merge_from(*pref->refine_index, 0);
      mref->ntotal = mref->base_index->ntotal;
      if (mref->refine_index->ntotal != mref->ntotal)
        throw std::runtime_error("IVF shard '" + shards[s].string() + "': refine codes and lists disagree");
    }
  }
  set_ivf_search(merged.get(), search);
  write_atomic(merged.get(), file);
  return {std::size_t(merged->ntotal), shards.size()};
}

}  // namespace reelscale::indexes
