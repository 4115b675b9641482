#include "faces/identity_store.hpp"

#include <algorithm>
#include <fstream>
#include <limits>
#include <set>
#include <stdexcept>

#include "faces/blocked_linkage.hpp"
#include "util/atomic_file.hpp"
#include "indexes/face_index.hpp"

namespace reelscale::faces {
namespace fs = std::filesystem;

void IdentityStore::set_asset(const std::string& asset, const std::vector<FaceTrack>& t) {
  std::erase_if(tracks, [&](const ArchiveTrack& a) { return a.asset == asset; });
  for (const FaceTrack& f : t) tracks.push_back({asset, f.track, f.start_frame, f.end_frame, -1, f.mean, f.exemplar.quality});
}

namespace {

bool co_occur(const ArchiveTrack& a, const ArchiveTrack& b) {
  return a.asset == b.asset && a.start_frame <= b.end_frame && b.start_frame <= a.end_frame;
}

/// Index pairs of `idx` (into `t`) seen at the same time in the same asset: only tracks of
/// one asset are compared (sum of squared per-asset counts, not n^2).
std::vector<std::pair<std::size_t, std::size_t>> apart(const std::vector<ArchiveTrack>& t,
                                                       const std::vector<std::size_t>& idx) {
  std::map<std::string, std::vector<std::size_t>> by_asset;
  for (std::size_t i = 0; i < idx.size(); ++i) by_asset[t[idx[i]].asset].push_back(i);
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (const auto& [asset, m] : by_asset)
    for (std::size_t x = 0; x < m.size(); ++x)
      for (std::size_t y = x + 1; y < m.size(); ++y)
        if (co_occur(t[idx[m[x]]], t[idx[m[y]]])) out.emplace_back(std::min(m[x], m[y]), std::max(m[x], m[y]));
  return out;
}

}  // namespace

std::size_t IdentityStore::assign_new() {
  std::vector<std::size_t> fresh;
  std::map<std::int64_t, std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    if (tracks[i].identity < 0) fresh.push_back(i);
    else members[tracks[i].identity].push_back(i);
  }
  // Join an existing identity when the mean distance to its tracks is below the threshold
  // (average linkage, as the clustering) and none of its tracks is on screen at the same time.
  // Candidates: identities with a track among the new track's 64 nearest within the
  // threshold (a mean below it needs one such track); Faiss, exact below 10^5 tracks.
  std::vector<std::size_t> base_idx;
  std::vector<float> known_v, query;
  for (const auto& [id, m] : members)
    for (std::size_t j : m) {
      base_idx.push_back(j);
      known_v.insert(known_v.end(), tracks[j].mean.begin(), tracks[j].mean.end());
    }
  for (std::size_t i : fresh) query.insert(query.end(), tracks[i].mean.begin(), tracks[i].mean.end());
  const auto nn = indexes::face_knn_query(known_v.data(), base_idx.size(), query.data(), fresh.size(), kDescriptorDim,
                                          64, threshold);
  std::vector<std::size_t> rest;
  for (std::size_t q = 0; q < fresh.size(); ++q) {
    const std::size_t i = fresh[q];
    std::set<std::int64_t> cand;
    for (const auto& [b, dist] : nn[q]) cand.insert(tracks[base_idx[b]].identity);
    std::int64_t best = -1;
    double best_d = threshold;
    for (const std::int64_t id : cand) {
      const auto& m = members[id];
      double sum = 0;
      bool conflict = false;
      for (std::size_t j : m) {
        sum += descriptor_distance(tracks[i].mean, tracks[j].mean);
        conflict = conflict || co_occur(tracks[i], tracks[j]);
      }
      if (!conflict && sum / m.size() < best_d) best_d = sum / m.size(), best = id;
    }
    if (best < 0) {
      rest.push_back(i);
      continue;
    }
    tracks[i].identity = best;
    members[best].push_back(i);
  }
  std::vector<Descriptor> d;
  for (std::size_t i : rest) d.push_back(tracks[i].mean);
  const std::vector<std::int64_t> cl = blocked_average_linkage(d, threshold, apart(tracks, rest));
  const std::int64_t base = next_identity;
  for (std::size_t k = 0; k < rest.size(); ++k) {
    tracks[rest[k]].identity = base + cl[k];
    next_identity = std::max(next_identity, base + cl[k] + 1);
  }
  return fresh.size();
}

void IdentityStore::recluster() {
  std::vector<Descriptor> d;
  std::vector<std::size_t> all(tracks.size());
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    d.push_back(tracks[i].mean);
    all[i] = i;
  }
  const std::vector<std::int64_t> cl = blocked_average_linkage(d, threshold, apart(tracks, all));
  std::map<std::int64_t, std::map<std::int64_t, int>> overlap;  // new cluster -> old id -> count
  for (std::size_t i = 0; i < tracks.size(); ++i)
    if (tracks[i].identity >= 0) ++overlap[cl[i]][tracks[i].identity];
  std::map<std::int64_t, std::int64_t> id_of;
  std::set<std::int64_t> taken;
  for (const auto& [c, olds] : overlap) {
    std::vector<std::pair<int, std::int64_t>> by(olds.size());
    std::transform(olds.begin(), olds.end(), by.begin(), [](const auto& p) { return std::pair(p.second, p.first); });
    std::sort(by.rbegin(), by.rend());
    for (const auto& [count, old] : by)
      if (taken.insert(old).second) {
        id_of[c] = old;
        break;
      }
  }
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    auto it = id_of.find(cl[i]);
    if (it == id_of.end()) it = id_of.emplace(cl[i], next_identity++).first;
    tracks[i].identity = it->second;
  }
  std::erase_if(names, [&](const auto& p) { return !known(p.first); });
}

bool IdentityStore::known(std::int64_t id) const {
  return std::any_of(tracks.begin(), tracks.end(), [&](const ArchiveTrack& t) { return t.identity == id; });
}

void IdentityStore::merge(std::int64_t into, std::int64_t from) {
  if (!known(into) || !known(from))
    throw std::invalid_argument("faces: unknown identity " + std::to_string(known(into) ? from : into));
  if (into == from) return;
  for (auto& t : tracks)
    if (t.identity == from) t.identity = into;
  if (!names.count(into) && names.count(from)) names[into] = names[from];
  names.erase(from);
}

void IdentityStore::tag(std::int64_t id, const std::string& name) {
  if (!known(id)) throw std::invalid_argument("faces: unknown identity " + std::to_string(id));
  names[id] = name;
}

std::string IdentityStore::name_of(std::int64_t id) const {
  auto it = names.find(id);
  return it == names.end() ? std::string() : it->second;
}

std::int64_t IdentityStore::identity_of(const std::string& asset, std::int64_t track) const {
  for (const auto& t : tracks)
    if (t.asset == asset && t.track == track) return t.identity;
  return -1;
}

nlohmann::json IdentityStore::summary() const {
  std::map<std::int64_t, std::map<std::string, std::vector<const ArchiveTrack*>>> by;
  for (const auto& t : tracks) by[t.identity][t.asset].push_back(&t);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [id, assets] : by) {
    nlohmann::json a = nlohmann::json::array();
    std::size_t n = 0;
    for (const auto& [asset, ts] : assets) {
      nlohmann::json tj = nlohmann::json::array();
      for (const ArchiveTrack* t : ts) tj.push_back({{"track", t->track}, {"start", t->start_frame}, {"end", t->end_frame}});
      n += ts.size();
      a.push_back({{"asset", asset}, {"tracks", tj}});
    }
    const std::string nm = name_of(id);
    out.push_back({{"id", id}, {"name", nm.empty() ? nlohmann::json(nullptr) : nlohmann::json(nm)},
                   {"tracks", n}, {"exemplar", id >= 0 ? "faces/exemplars/" + std::to_string(id) + ".jpg" : ""},
                   {"assets", a}});
  }
  return out;
}

std::int64_t IdentityStore::nearest_identity(const Descriptor& d, float& distance) const {
  std::map<std::int64_t, std::pair<double, int>> acc;
  for (const auto& t : tracks) {
    auto& a = acc[t.identity];
    a.first += descriptor_distance(d, t.mean);
    ++a.second;
  }
  std::int64_t best = -1;
  distance = std::numeric_limits<float>::infinity();
  for (const auto& [id, a] : acc) {
    const float m = static_cast<float>(a.first / a.second);
    if (m < distance) distance = m, best = id;
  }
  return distance < threshold ? best : -1;
}

IdentityStore IdentityStore::load(const fs::path& dir) {
  IdentityStore s;
  auto read = [](const fs::path& f) -> nlohmann::json {
    std::ifstream in(f);
    if (!in) return nullptr;
    try {
      return nlohmann::json::parse(in);
    } catch (const std::exception& e) {
      throw std::runtime_error("faces: '" + f.string() + "' is malformed: " + e.what());
    }
  };
  if (const auto j = read(dir / "identities.json"); !j.is_null()) {
    s.threshold = j.value("threshold", 0.6f);
    s.next_identity = j.value("next_identity", std::int64_t{0});
    for (const auto& t : j.at("tracks")) {
      ArchiveTrack a{t.at("asset"), t.at("track"), t.at("start"), t.at("end"), t.at("identity"), {}};
      const auto e = t.at("embedding").get<std::vector<float>>();
      if (e.size() != kDescriptorDim) throw std::runtime_error("faces: bad embedding in " + (dir / "identities.json").string());
      std::copy(e.begin(), e.end(), a.mean.begin());
      a.quality = t.value("quality", 0.0f);
      s.tracks.push_back(a);
    }
  }
  if (const auto j = read(dir / "names.json"); !j.is_null())
    for (const auto& [k, v] : j.at("names").items()) s.names[std::stoll(k)] = v.get<std::string>();
  return s;
}

void IdentityStore::write_index(const fs::path& file) const {
  std::vector<float> flat;
  flat.reserve(tracks.size() * kDescriptorDim);
  for (const auto& t : tracks) flat.insert(flat.end(), t.mean.begin(), t.mean.end());
  indexes::write_face_index(file, flat.data(), tracks.size(), kDescriptorDim);
}

void IdentityStore::save_names(const fs::path& dir) const {
  std::error_code ec;
  fs::create_directories(dir, ec);
  nlohmann::json n = nlohmann::json::object();
  for (const auto& [id, name] : names) n[std::to_string(id)] = name;
  util::write_file_atomic(dir / "names.json", nlohmann::json{{"names", n}}.dump(1) + "\n");
}

void IdentityStore::save(const fs::path& dir) const {
  std::error_code ec;
  fs::create_directories(dir, ec);
  nlohmann::json t = nlohmann::json::array();
  for (const auto& a : tracks)
    t.push_back({{"asset", a.asset}, {"track", a.track}, {"start", a.start_frame}, {"end", a.end_frame},
                 {"identity", a.identity}, {"quality", a.quality}, {"embedding", std::vector<float>(a.mean.begin(), a.mean.end())}});
  util::write_file_atomic(dir / "identities.json",
                        nlohmann::json{{"threshold", threshold}, {"next_identity", next_identity}, {"tracks", t}}.dump() + "\n");
  save_names(dir);
}

}  // namespace reelscale::faces
