#pragma once
/// @file blocked_linkage.hpp
/// Average linkage that scales: the threshold graph (each descriptor's at most `k` nearest
/// others closer than the threshold, Faiss: indexes/face_index.hpp, exact below 10^5
/// vectors, HNSW32 above) is cut into connected components, and average linkage
/// (average_linkage.hpp) runs on each component alone. Two clusters of average linkage can
/// only merge when some pair across them is closer than the threshold, i.e. joined by a
/// threshold-graph edge, so with the complete threshold graph this gives exactly the labels
/// of one average linkage over everything; the kNN cap `k` can only drop edges of faces with
/// more than k neighbours within the threshold (those neighbours are then one component
/// through each other in practice). A component larger than `max_block` (chaining) falls
/// back to Chinese whispers over its kNN edges (chinese_whispers.hpp) instead of an
/// n^2 matrix.
///
/// Cost: the kNN search (flat: n^2 d flops in BLAS, O(n k) memory; HNSW: about
/// n log n d) + sum of c_i^2 over the components c_i (memory c_i^2 floats, at most
/// max_block^2 = 64 MB at 4000), instead of n^2 memory and up to n^3 time.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "faces/face_embedder.hpp"

namespace reelscale::faces {

/// Labels 0..k-1 numbered by first appearance (see file comment). `cannot_link`: index pairs.
/// `components` (optional) gets the number of connected components.
std::vector<std::int64_t> blocked_average_linkage(const std::vector<Descriptor>& d, float threshold,
                                                  const std::vector<std::pair<std::size_t, std::size_t>>& cannot_link = {},
                                                  std::size_t k = 64, std::size_t max_block = 4000,
                                                  std::size_t* components = nullptr);

}  // namespace reelscale::faces
