#pragma once
/// @file average_linkage.hpp
/// Agglomerative clustering of face descriptors with average linkage (UPGMA) and a distance
/// threshold, with cannot-link pairs (two faces seen at the same time in the same asset are
/// never one person). Clusters merge while their mean pairwise Euclidean distance is below
/// the threshold (0.6: dlib's same-person distance). A cannot-link pair makes the distance
/// between any clusters holding them infinite (Lance-Williams update keeps it).
/// Memory: an n x n float matrix (n = 4000 tracks -> 64 MB); beyond that, cluster in
/// batches or use a kNN graph (chinese_whispers.hpp).

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "faces/face_embedder.hpp"

namespace reelscale::faces {

/// Labels 0..k-1, numbered by first appearance. `cannot_link` holds index pairs.
std::vector<std::int64_t> average_linkage(const std::vector<Descriptor>& d, float threshold,
                                          const std::vector<std::pair<std::size_t, std::size_t>>& cannot_link = {});

}  // namespace reelscale::faces
