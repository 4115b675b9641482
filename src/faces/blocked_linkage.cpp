#include "faces/blocked_linkage.hpp"

#include <map>
#include <numeric>

#include "faces/average_linkage.hpp"
#include "faces/chinese_whispers.hpp"
#include "indexes/face_index.hpp"

namespace reelscale::faces {
namespace {

std::size_t root(std::vector<std::size_t>& p, std::size_t i) {
  while (p[i] != i) i = p[i] = p[p[i]];
  return i;
}

}  // namespace

std::vector<std::int64_t> blocked_average_linkage(const std::vector<Descriptor>& d, float threshold,
                                                  const std::vector<std::pair<std::size_t, std::size_t>>& cannot_link,
                                                  std::size_t k, std::size_t max_block, std::size_t* components) {
  const std::size_t n = d.size();
  std::vector<float> flat;
  flat.reserve(n * kDescriptorDim);
  for (const auto& v : d) flat.insert(flat.end(), v.begin(), v.end());
  const auto nn = indexes::face_knn(flat.data(), n, kDescriptorDim, k, threshold);
  std::vector<std::size_t> parent(n);
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  for (std::size_t i = 0; i < n; ++i)
    for (const auto& [j, dist] : nn[i]) parent[root(parent, i)] = root(parent, j);
  std::map<std::size_t, std::vector<std::size_t>> comp;  // root -> members, ascending
  for (std::size_t i = 0; i < n; ++i) comp[root(parent, i)].push_back(i);
  if (components) *components = comp.size();
  std::vector<std::size_t> local(n);
  for (const auto& [r, m] : comp)
    for (std::size_t x = 0; x < m.size(); ++x) local[m[x]] = x;
  std::map<std::size_t, std::vector<std::pair<std::size_t, std::size_t>>> apart;
  for (const auto& [a, b] : cannot_link)
    if (a < n && b < n && root(parent, a) == root(parent, b)) apart[root(parent, a)].emplace_back(local[a], local[b]);
  std::vector<std::int64_t> global(n, -1);
  std::int64_t next = 0;
  for (const auto& [r, m] : comp) {
    std::vector<std::int64_t> lab;
    if (m.size() == 1) {
      lab = {0};
    } else if (m.size() <= max_block) {
      std::vector<Descriptor> sub;
      for (std::size_t i : m) sub.push_back(d[i]);
      lab = average_linkage(sub, threshold, apart[r]);
    } else {
      std::vector<GraphEdge> edges;
      for (std::size_t x = 0; x < m.size(); ++x) {
        edges.push_back({x, x, 1.0});
        for (const auto& [j, dist] : nn[m[x]]) edges.push_back({x, local[j], 1.0});
      }
      lab = chinese_whispers(m.size(), edges);
    }
    std::int64_t most = -1;
    for (std::size_t x = 0; x < m.size(); ++x) {
      global[m[x]] = next + lab[x];
      most = std::max(most, lab[x]);
    }
    next += most + 1;
  }
  std::map<std::int64_t, std::int64_t> renum;  // by first appearance
  for (auto& g : global) g = renum.emplace(g, static_cast<std::int64_t>(renum.size())).first->second;
  return global;
}

}  // namespace reelscale::faces
