#pragma once
/// @file chinese_whispers.hpp
/// Graph clustering of face descriptors as dlib does it (dlib::chinese_whispers, used by
/// dlib's face_clustering example): an edge joins two faces closer than a threshold
/// (0.6 Euclidean for dlib's descriptor); each node, visited in random order, takes the
/// label with the largest summed edge weight among its neighbours (C. Biemann, 2006).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "faces/face_embedder.hpp"

namespace reelscale::faces {

/// One undirected edge of the similarity graph.
struct GraphEdge {
  std::size_t a = 0, b = 0;
  double weight = 1.0;
};

/// Chinese whispers over `n` nodes. Returns labels 0..k-1 numbered by first appearance.
/// Deterministic for a given `seed`. `iterations` passes over all nodes (dlib: 100).
std::vector<std::int64_t> chinese_whispers(std::size_t n, const std::vector<GraphEdge>& edges,
                                           int iterations = 100, std::uint64_t seed = 0x5eed);

/// Edges between each descriptor and its at most `k` nearest others closer than
/// `threshold`, found with Faiss (indexes/face_index.hpp: exact below 10^5 vectors, HNSW
/// above). Every node gets a self edge (as dlib's example).
std::vector<GraphEdge> knn_graph(const std::vector<Descriptor>& d, float threshold, std::size_t k = 64);

/// knn_graph + chinese_whispers.
std::vector<std::int64_t> cluster_descriptors(const std::vector<Descriptor>& d, float threshold = 0.6f);

}  // namespace reelscale::faces
