#pragma once
/// @file ivf_shards.hpp
/// IVF-PQ indexes built in shards and merged (the archive-scale path of
/// indexes/, docs/cluster.md "Indexes at archive scale").
///
/// One build = (1) train once on a sample: the coarse quantizer (k-means, nlist
/// cells, HNSW-searched), the product quantizer codebooks and the SQ8 refine
/// ranges; the trained, empty index is written to a file; (2) every rank loads
/// that file and encodes its own contiguous range of rows [first_id, ...) into a
/// shard (same quantizer and codebooks, so shards are compatible); (3) rank 0
/// merges the shard files in row order with faiss IndexIVF::merge_from (and
/// IndexFlatCodes::merge_from for the refine codes). The result is one
/// faiss::IndexRefine(IndexIVFPQ, IndexScalarQuantizer SQ8) file that
/// read_index / indexes::Index load like any other index.
///
/// Method: IVF-ADC, Jégou, Douze & Schmid, "Product quantization for nearest
/// neighbor search", TPAMI 2011, with re-ranking of the k_factor*k shortlist on
/// SQ8 codes (Faiss IndexRefine); coarse quantizer searched by HNSW (Malkov &
/// Yashunin 2018), as Faiss's "IVFx_HNSW32" factory.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace reelscale::indexes {

/// Vectors at and above which choose_factory picks IVF-PQ instead of HNSW32,Flat
/// (measured: bench/README.md "IVF-PQ at archive scale").
inline constexpr std::size_t kIvfPqFrom = 1000000;

/// Default search settings of an IVF-PQ index (stored in the index file).
struct IvfSearch {
  int nprobe = 16;       ///< inverted lists scanned per query
  float k_factor = 32;   ///< shortlist = k_factor * k candidates re-ranked on SQ8 codes
  int quantizer_ef = 0;  ///< efSearch of the HNSW coarse quantizer; 0 = max(64, 2 * nprobe)
};

/// "IVF{nlist}_HNSW32,PQ{m},Refine(SQ8)" for `n` vectors of dimension `dim`:
/// nlist = largest power of two <= n / 400, clamped to [256, 65536] (about
/// 400-800 vectors per list); m = dim / 8 sub-quantizers of 8 bits (dim must be a
/// multiple of 8; otherwise the largest divisor of dim <= dim / 8).
std::string ivf_factory(std::size_t n, int dim);

/// True for factory strings this file builds in shards (an "IVF" prefix).
bool is_ivf_factory(const std::string& factory);

/// Training vectors a factory wants: 32 per inverted list (at least 50,000).
std::size_t ivf_train_size(const std::string& factory);

/// Applies `s` to a built IVF index (IndexRefine over IVF, or plain IndexIVF;
/// a faiss::Index* passed as void*). Other index types are left alone.
void set_ivf_search(void* faiss_index, const IvfSearch& s);

/// Trains an empty index of `factory` (inner-product metric) on `rows` vectors
/// (`sample`, rows x dim floats) and writes it to `file` (.partial, renamed).
/// @throws std::runtime_error when the factory is not IVF or Faiss fails.
void train_ivf(const std::string& factory, int dim, const float* sample, std::size_t rows,
               const std::filesystem::path& file, int omp_threads = 0);

/// One rank's shard: the trained index filled with consecutive rows whose Faiss
/// ids start at `first_id` (row order = id order, as the refine codes need).
class IvfShard {
 public:
  /// Loads the trained index written by train_ivf. @throws std::runtime_error.
  IvfShard(const std::filesystem::path& trained, std::int64_t first_id, int omp_threads = 0);
  IvfShard(IvfShard&&) noexcept;
  IvfShard& operator=(IvfShard&&) noexcept;
  ~IvfShard();
  /// Encodes `rows` vectors (rows x dim floats) as ids first_id + size() ...
  void add(const float* x, std::size_t rows);
  std::size_t size() const;
  int dim() const;
  /// Writes the shard to `file` (.partial, renamed).
  void write(const std::filesystem::path& file) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Result of merge_shards.
struct MergeResult {
  std::size_t vectors = 0;  ///< ntotal of the merged index
  std::size_t shards = 0;
};

/// Merges shard files (in row order: shard i's first id = vectors of shards
/// 0..i-1) into one index, applies `search` and writes it to `file` (.partial,
/// renamed). Each shard is freed as soon as it is merged.
/// @throws std::runtime_error when a shard is missing, incompatible (another
///         training) or out of order.
MergeResult merge_shards(const std::vector<std::filesystem::path>& shards, const std::filesystem::path& file,
                         const IvfSearch& search = {}, int omp_threads = 0);

}  // namespace reelscale::indexes
