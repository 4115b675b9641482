#include "faces/identity_update.hpp"

#include <set>

#include "faces/base64.hpp"
#include "faces/identity_publish.hpp"

namespace reelscale::faces {

std::vector<FaceTrack> tracks_from_table(const record::Table& t) {
  const auto& id = t.get<std::int64_t>("track");
  const auto& start = t.get<std::int64_t>("start_frame");
  const auto& end = t.get<std::int64_t>("end_frame");
  const auto& emb = t.get<float>("embedding");
  std::vector<FaceTrack> out(id.size());
  for (std::size_t i = 0; i < id.size(); ++i) {
    out[i].track = id[i];
    out[i].start_frame = start[i];
    out[i].end_frame = end[i];
    std::copy(emb.begin() + static_cast<std::ptrdiff_t>(i * kDescriptorDim),
              emb.begin() + static_cast<std::ptrdiff_t>((i + 1) * kDescriptorDim), out[i].mean.begin());
  }
  for (const auto& c : t.columns) {  // optional columns (catalogs written before they existed lack them)
    if (c.name == "exemplar_quality")
      for (std::size_t i = 0; i < id.size(); ++i) out[i].exemplar.quality = static_cast<float>(t.get<double>(c.name)[i]);
    if (c.name == "exemplar_jpeg")
      for (std::size_t i = 0; i < id.size(); ++i) out[i].exemplar_jpeg = base64_decode(t.get<std::string>(c.name)[i]);
  }
  return out;
}

IdentityUpdate update_identities(const std::filesystem::path& out,
                                 const std::vector<std::pair<std::string, record::Table>>& tables) {
  IdentityStore s = IdentityStore::load(out / "faces");
  IdentityUpdate u;
  ChipMap chips;
  for (const auto& [asset, table] : tables) {
    std::vector<FaceTrack> tr = tracks_from_table(table);
    for (FaceTrack& t : tr)
      if (!t.exemplar_jpeg.empty()) chips[{asset, t.track}] = std::move(t.exemplar_jpeg);
    s.set_asset(asset, tr);
    ++u.assets;
  }
  u.assigned = s.assign_new();
  u.tracks = s.tracks.size();
  std::set<std::int64_t> ids;
  for (const auto& t : s.tracks) ids.insert(t.identity);
  u.identities = ids.size();
  s.save(out / "faces");
  s.write_index(out / "index" / "faces.faiss");
  const PublishResult p = publish_identities(out, s, chips);
  u.exemplars = p.exemplars;
  u.sidecars = p.sidecars;
  return u;
}

}  // namespace reelscale::faces
