#pragma once
/// @file scene_index.hpp
/// Archive-wide Faiss indexes of scene and frame embeddings (the only code
/// that touches Faiss). Vectors are L2-normalised, so inner product = cosine.
///
/// Files: OUT/index/scenes.faiss (one vector per scene: the scene embedding),
/// OUT/index/frames.faiss (one vector per selected frame); Faiss id i is row i
/// of the id maps `/index/scenes` and `/index/frames` in OUT/catalog.h5
/// (catalog::write_index_maps). See docs/scenes.md.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "indexes/ivf_shards.hpp"

namespace reelscale::indexes {

/// How indexes are built.
struct IndexOptions {
  /// Faiss index_factory string for both indexes; empty = choose_factory(n, dim).
  std::string factory;
  /// Vectors below which the index is exact ("Flat").
  std::size_t exact_below = 50000;
  /// OpenMP threads Faiss may use (omp_set_num_threads); 0 = 2. Bounded so
  /// Faiss never oversubscribes cores shared with oneTBB work.
  int omp_threads = 0;
  /// Vectors added per batch ("shard") while building; bounds peak memory of
  /// the staging buffers.
  std::size_t shard_vectors = 200000;
  /// Vectors from which the index is IVF-PQ built in shards (ivf_shards.hpp).
  std::size_t ivf_from = kIvfPqFrom;
  /// Search settings stored in an IVF-PQ index (nprobe, refine k_factor).
  IvfSearch ivf_search;
  /// This process's rank and the number of ranks calling build_indexes together
  /// (every rank calls it; rank 0 reads the catalog, trains and merges, each rank
  /// encodes its share of an IVF-PQ index). `barrier` waits for every rank
  /// (cluster::MpiSession::barrier); required when ranks > 1.
  int rank = 0, ranks = 1;
  std::function<void()> barrier;
};

/// The index_factory string used for `n` vectors of dimension `dim`:
/// "Flat" (exact inner product) below `exact_below`; "HNSW32,Flat"
/// (Malkov & Yashunin 2018), searched with efSearch 192, below `ivf_from`;
/// from `ivf_from` on ivf_factory(n, dim) ("IVF{nlist}_HNSW32,PQ{dim/8},Refine(SQ8)"),
/// built in shards. Chosen from the measurements in bench/README.md ("Embedding
/// and Faiss indexes", "IVF-PQ at archive scale").
std::string choose_factory(std::size_t n, int dim, std::size_t exact_below = 50000, std::size_t ivf_from = kIvfPqFrom);

/// Sets search-time parameters of a built index (a faiss::Index*):
/// for IVF `ivf` (set_ivf_search), efSearch = 192 for HNSW.
/// (Faiss stores nprobe/efSearch/k_factor in the index file.)
void tune_search(void* faiss_index, const std::string& factory, const IvfSearch& ivf = {});

/// Result of build_indexes.
struct BuildStats {
  std::size_t scenes = 0, frames = 0;  ///< vectors indexed
  std::string scene_factory, frame_factory;
  int dim = 0;
  double seconds = 0;
};

/// Reads every asset's scene and frame embeddings from OUT/catalog.h5, builds
/// OUT/index/scenes.faiss and OUT/index/frames.faiss (written as .partial,
/// then renamed) and writes the id maps into the catalog. Call at the end of a
/// run (after the cluster merge), on every rank when opts.ranks > 1 (the result
/// is filled on rank 0 only). Assets without embeddings are skipped. An IVF-PQ
/// index is trained by rank 0 on a uniform sample (reservoir) of up to 524,288
/// vectors, written as OUT/index/<name>.trained.faiss; each rank encodes a
/// contiguous range of assets (OUT/index/<name>.plan-<rank>) into
/// OUT/index/<name>.shard-<rank>.faiss; rank 0 merges them (merge_shards) and
/// removes the intermediate files.
/// @throws std::runtime_error when the catalog cannot be read or the
///         embedding dimensions disagree, or Faiss fails.
BuildStats build_indexes(const std::filesystem::path& out, const IndexOptions& opts = {});

/// One search hit.
struct Hit {
  std::int64_t id = -1;  ///< row of the id map
  float score = 0;       ///< inner product (cosine)
};

/// A loaded index (read-only, mmap'd when possible).
class Index {
 public:
  /// Loads `file` (a .faiss written by build_indexes: Flat, HNSW or IVF-PQ).
  /// `nprobe` > 0 overrides the IVF lists scanned per query stored in the file
  /// (0: $REELSCALE_NPROBE when set, else the stored value); ignored for others.
  explicit Index(const std::filesystem::path& file, int omp_threads = 0, int nprobe = 0);
  Index(Index&&) noexcept;
  Index& operator=(Index&&) noexcept;
  ~Index();
  /// Number of vectors and their dimension.
  std::size_t size() const;
  int dim() const;
  /// k nearest vectors to `query` (dim floats), best first.
  std::vector<Hit> search(const float* query, std::size_t k) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// OUT/index/<name>.faiss
std::filesystem::path index_path(const std::filesystem::path& out, const std::string& name);

}  // namespace reelscale::indexes
