#include "faces/chinese_whispers.hpp"

#include "indexes/face_index.hpp"

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <unordered_map>

namespace reelscale::faces {

std::vector<std::int64_t> chinese_whispers(std::size_t n, const std::vector<GraphEdge>& edges, int iterations,
                                           std::uint64_t seed) {
  std::vector<std::vector<std::pair<std::size_t, double>>> adj(n);
  for (const GraphEdge& e : edges) {
    if (e.a >= n || e.b >= n) continue;
    adj[e.a].push_back({e.b, e.weight});
    if (e.a != e.b) adj[e.b].push_back({e.a, e.weight});
  }
  std::vector<std::size_t> labels(n);
  for (std::size_t i = 0; i < n; ++i) labels[i] = i;
  std::mt19937_64 rng(seed);
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  for (int it = 0; it < iterations && n > 0; ++it) {
    std::shuffle(order.begin(), order.end(), rng);
    bool changed = false;
    for (std::size_t v : order) {
      if (adj[v].empty()) continue;
      std::map<std::size_t, double> votes;  // ordered: ties go to the smallest label
      for (const auto& [u, w] : adj[v]) votes[labels[u]] += w;
      auto best = std::max_element(votes.begin(), votes.end(),
                                   [](const auto& x, const auto& y) { return x.second < y.second; });
      if (best->first != labels[v]) {
        labels[v] = best->first;
        changed = true;
      }
    }
    if (!changed) break;
  }
  std::unordered_map<std::size_t, std::int64_t> renum;
  std::vector<std::int64_t> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto [pos, fresh] = renum.emplace(labels[i], static_cast<std::int64_t>(renum.size()));
    out[i] = pos->second;
  }
  return out;
}

std::vector<GraphEdge> knn_graph(const std::vector<Descriptor>& d, float threshold, std::size_t k) {
  std::vector<float> flat;
  flat.reserve(d.size() * kDescriptorDim);
  for (const Descriptor& x : d) flat.insert(flat.end(), x.begin(), x.end());
  const auto near = indexes::face_knn(flat.data(), d.size(), kDescriptorDim, k, threshold);
  std::set<std::pair<std::size_t, std::size_t>> pairs;  // each undirected edge once
  std::vector<GraphEdge> edges;
  for (std::size_t i = 0; i < d.size(); ++i) {
    edges.push_back({i, i, 1.0});
    for (const auto& [j, dist] : near[i]) pairs.insert({std::min(i, j), std::max(i, j)});
  }
  for (const auto& [a, b] : pairs) edges.push_back({a, b, 1.0});
  return edges;
}

std::vector<std::int64_t> cluster_descriptors(const std::vector<Descriptor>& d, float threshold) {
  return chinese_whispers(d.size(), knn_graph(d, threshold), 100);
}

}  // namespace reelscale::faces
