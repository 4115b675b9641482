#include "duplicates/mih_index.hpp"

#include <bit>
#include <stdexcept>

namespace reelscale::duplicates {

void MultiIndexHash::build(std::span<const std::uint64_t> codes, std::span<const std::uint8_t> skip) {
  if (codes.size() >= (std::size_t{1} << 32)) throw std::invalid_argument("MultiIndexHash: too many codes");
  if (!skip.empty() && skip.size() != codes.size())
    throw std::invalid_argument("MultiIndexHash: skip flags and codes differ in length");
  std::size_t n = 0;
  for (std::size_t i = 0; i < codes.size(); ++i) n += (skip.empty() || !skip[i]) ? 1 : 0;
  n_ = n;
  for (int t = 0; t < kTables; ++t) {
    auto& off = offsets_[t];
    off.assign(65537, 0);
    for (std::size_t i = 0; i < codes.size(); ++i)
      if (skip.empty() || !skip[i]) ++off[substring(codes[i], t) + 1];
    for (std::size_t s = 0; s < 65536; ++s) off[s + 1] += off[s];
    std::vector<std::uint32_t> fill(off.begin(), off.end() - 1);
    codes_[t].resize(n);
    entries_[t].resize(n);
    for (std::size_t i = 0; i < codes.size(); ++i) {
      if (!skip.empty() && skip[i]) continue;
      const std::uint32_t pos = fill[substring(codes[i], t)]++;
      codes_[t][pos] = codes[i];
      entries_[t][pos] = static_cast<std::uint32_t>(i);
    }
  }
}

void MultiIndexHash::query(std::uint64_t code, int probe_radius, int max_distance, std::size_t max_bucket,
                           const std::function<void(std::uint32_t, int)>& hit) const {
  const int probes = probe_radius >= 1 ? 17 : 1;
  for (int t = 0; t < kTables; ++t) {
    const std::uint32_t q = substring(code, t);
    for (int p = 0; p < probes; ++p) {
      const std::uint32_t sub = p == 0 ? q : (q ^ (1u << (p - 1)));
      const std::uint32_t b = offsets_[t][sub], e = offsets_[t][sub + 1];
      if (e - b > max_bucket) continue;
      for (std::uint32_t i = b; i < e; ++i) {
        const std::uint64_t c = codes_[t][i];
        const int d = std::popcount(c ^ code);
        if (d > max_distance) continue;
        // Report each entry once: only from the first table that probes it.
        bool earlier = false;
        for (int u = 0; u < t && !earlier; ++u) {
          const std::uint32_t cs = substring(c, u);
          earlier = std::popcount(cs ^ substring(code, u)) <= (probes > 1 ? 1 : 0) &&
                    bucket_size(u, cs) <= max_bucket;
        }
        if (!earlier) hit(entries_[t][i], d);
      }
    }
  }
}

}  // namespace reelscale::duplicates
