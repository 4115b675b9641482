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
#include <memory>
#include <string>
#include <vector>

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
};

/// The index_factory string used for `n` vectors of dimension `dim`:
/// "Flat" (exact inner product) below `exact_below`; otherwise "HNSW32,Flat"
/// (Malkov & Yashunin 2018), searched with efSearch 192. Chosen from the
/// measurements in bench/README.md (IVF256,SQ8 and IVF256,PQ64x4fs,RFlat were
/// slower at equal recall with this machine's Faiss build).
std::string choose_factory(std::size_t n, int dim, std::size_t exact_below = 50000);

/// Sets search-time parameters of a built index (a faiss::Index*):
/// nprobe = max(8, nlist/32) for IVF, efSearch = 192 for HNSW.
/// (Faiss stores nprobe/efSearch in the index file.)
void tune_search(void* faiss_index, const std::string& factory);

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
/// run (after the cluster merge). Assets without embeddings are skipped.
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
  /// Loads `file` (a .faiss written by build_indexes).
  explicit Index(const std::filesystem::path& file, int omp_threads = 0);
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
