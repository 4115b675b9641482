#include <algorithm>
#include <map>

#include "duplicates/duplicate_search.hpp"

namespace reelscale::duplicates {

std::vector<std::vector<std::size_t>> exact_groups(std::span<const AssetSignature> assets) {
  std::map<std::string, std::vector<std::size_t>> by_hash;
  for (std::size_t i = 0; i < assets.size(); ++i)
    if (!assets[i].sha256.empty()) by_hash[assets[i].sha256].push_back(i);
  std::vector<std::vector<std::size_t>> out;
  for (auto& [h, g] : by_hash)
    if (g.size() >= 2) out.push_back(std::move(g));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace reelscale::duplicates
