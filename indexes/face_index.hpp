#pragma once
/// @file face_index.hpp
/// Faiss for face descriptors (128-d, L2; dlib's same-person distance 0.6): the kNN graph
/// the identity clustering is built on, and the archive's face index file
/// OUT/index/faces.faiss (Faiss id i = track i of OUT/faces/identities.json).
/// Exact (IndexFlatL2) below `exact_below` vectors, HNSW32 (efSearch 128) above.

#include <cstddef>
#include <filesystem>
#include <utility>
#include <vector>

namespace reelscale::indexes {

/// For each of the `n` row-major vectors of `dim` floats, its at most `k` nearest other
/// vectors closer than `max_distance` (Euclidean), as (index, distance), nearest first.
std::vector<std::vector<std::pair<std::size_t, float>>> face_knn(const float* data, std::size_t n, int dim,
                                                                 std::size_t k, float max_distance,
                                                                 std::size_t exact_below = 100000);

/// For each of the `nq` query vectors, its at most `k` nearest among the `nb` base vectors
/// closer than `max_distance` (Euclidean), as (base index, distance), nearest first (the
/// incremental join of new face tracks to the archive's). Exact below `exact_below` base
/// vectors, HNSW32 above.
std::vector<std::vector<std::pair<std::size_t, float>>> face_knn_query(const float* base, std::size_t nb,
                                                                       const float* queries, std::size_t nq, int dim,
                                                                       std::size_t k, float max_distance,
                                                                       std::size_t exact_below = 100000);

/// Writes an index of the `n` vectors to `file` (temp file + rename).
/// @throws std::runtime_error naming the file.
void write_face_index(const std::filesystem::path& file, const float* data, std::size_t n, int dim,
                      std::size_t exact_below = 100000);

}  // namespace reelscale::indexes
