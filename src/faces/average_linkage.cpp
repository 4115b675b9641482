#include "faces/average_linkage.hpp"

#include <limits>
#include <unordered_map>

namespace reelscale::faces {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

struct Linkage {
  std::size_t n;
  std::vector<float> dist;  // n x n
  std::vector<std::size_t> size, best, parent;
  std::vector<bool> alive;

  float& at(std::size_t i, std::size_t j) { return dist[i * n + j]; }

  void refresh(std::size_t i) {
    best[i] = i;
    for (std::size_t j = 0; j < n; ++j)
      if (j != i && alive[j] && (best[i] == i || at(i, j) < at(i, best[i]))) best[i] = j;
  }

  /// Merges cluster b into a (Lance-Williams average update).
  void merge(std::size_t a, std::size_t b) {
    for (std::size_t k = 0; k < n; ++k) {
      if (!alive[k] || k == a || k == b) continue;
      const float v = (size[a] * at(a, k) + size[b] * at(b, k)) / static_cast<float>(size[a] + size[b]);
      at(a, k) = at(k, a) = v;
    }
    size[a] += size[b];
    alive[b] = false;
    parent[b] = a;
    for (std::size_t k = 0; k < n; ++k) {
      if (!alive[k]) continue;
      if (k == a || best[k] == a || best[k] == b) refresh(k);
      else if (at(k, a) < at(k, best[k])) best[k] = a;
    }
  }
};

}  // namespace

std::vector<std::int64_t> average_linkage(const std::vector<Descriptor>& d, float threshold,
                                          const std::vector<std::pair<std::size_t, std::size_t>>& cannot_link) {
  const std::size_t n = d.size();
  Linkage L{n, std::vector<float>(n * n, 0.0f), std::vector<std::size_t>(n, 1), std::vector<std::size_t>(n),
            std::vector<std::size_t>(n), std::vector<bool>(n, true)};
  for (std::size_t i = 0; i < n; ++i) {
    L.parent[i] = i;
    for (std::size_t j = i + 1; j < n; ++j) L.at(i, j) = L.at(j, i) = descriptor_distance(d[i], d[j]);
  }
  for (const auto& [a, b] : cannot_link)
    if (a < n && b < n && a != b) L.at(a, b) = L.at(b, a) = kInf;
  for (std::size_t i = 0; i < n; ++i) L.refresh(i);
  while (true) {
    std::size_t a = n;
    for (std::size_t i = 0; i < n; ++i)
      if (L.alive[i] && L.best[i] != i && (a == n || L.at(i, L.best[i]) < L.at(a, L.best[a]))) a = i;
    if (a == n || !(L.at(a, L.best[a]) < threshold)) break;
    L.merge(a, L.best[a]);
  }
  std::unordered_map<std::size_t, std::int64_t> renum;
  std::vector<std::int64_t> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t r = i;
    while (L.parent[r] != r) r = L.parent[r];
    out[i] = renum.emplace(r, static_cast<std::int64_t>(renum.size())).first->second;
  }
  return out;
}

}  // namespace reelscale::faces
