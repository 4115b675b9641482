#include "faces/identity_publish.hpp"

#include <fstream>

#include <nlohmann/json.hpp>

#include "catalog/catalog_reader.hpp"
#include "catalog/json_sidecar.hpp"
#include "faces/base64.hpp"
#include "record/asset_record.hpp"
#include "util/atomic_file.hpp"

namespace fs = std::filesystem;

namespace reelscale::faces {
namespace {

/// Per identity: index (into s.tracks) of its best track, track count, assets, frames.
struct IdentityRow {
  std::size_t best = 0, tracks = 0;
  std::set<std::string> assets;
  std::int64_t frames = 0;
};

std::map<std::int64_t, IdentityRow> rows_of(const IdentityStore& s) {
  std::map<std::int64_t, IdentityRow> by;
  for (std::size_t i = 0; i < s.tracks.size(); ++i) {
    const ArchiveTrack& t = s.tracks[i];
    IdentityRow& r = by[t.identity];
    if (r.tracks == 0 || t.quality > s.tracks[r.best].quality) r.best = i;
    ++r.tracks;
    r.assets.insert(t.asset);
    r.frames += t.end_frame - t.start_frame + 1;
  }
  return by;
}

/// The exemplar chip of s.tracks[i]: from `chips`, else from the asset's catalog faces table.
std::vector<unsigned char> chip_of(const fs::path& out, const ArchiveTrack& t, const ChipMap& chips) {
  if (auto it = chips.find({t.asset, t.track}); it != chips.end()) return it->second;
  const fs::path h5 = out / "catalog.h5";
  if (!fs::exists(h5)) return {};
  const record::Table tab = catalog::CatalogReader(h5).read_table(t.asset, "faces");
  const auto& ids = tab.get<std::int64_t>("track");
  for (const auto& c : tab.columns)
    if (c.name == "exemplar_jpeg")
      for (std::size_t i = 0; i < ids.size(); ++i)
        if (ids[i] == t.track) return base64_decode(tab.get<std::string>(c.name)[i]);
  return {};
}

/// Rewrites OUT/faces/exemplars/ where the best track changed; drops files of gone identities.
std::size_t write_exemplars(const fs::path& out, const IdentityStore& s, const ChipMap& chips,
                            const std::map<std::int64_t, IdentityRow>& rows) {
  const fs::path dir = out / "faces" / "exemplars";
  fs::create_directories(dir);
  nlohmann::json index = nlohmann::json::object();
  if (std::ifstream in(dir / "index.json"); in) index = nlohmann::json::parse(in, nullptr, false);
  if (!index.is_object()) index = nlohmann::json::object();
  nlohmann::json now = nlohmann::json::object();
  std::size_t written = 0;
  for (const auto& [id, r] : rows) {
    if (id < 0) continue;
    const ArchiveTrack& t = s.tracks[r.best];
    const nlohmann::json key = {{"asset", t.asset}, {"track", t.track}};
    const std::string k = std::to_string(id);
    const fs::path file = out / exemplar_path(id);
    if (index.contains(k) && index[k] == key && fs::exists(file)) {
      now[k] = key;
      continue;
    }
    const std::vector<unsigned char> jpeg = chip_of(out, t, chips);
    if (jpeg.empty()) continue;
    util::write_file_atomic(file, std::string_view(reinterpret_cast<const char*>(jpeg.data()), jpeg.size()));
    now[k] = key;
    ++written;
  }
  for (const auto& [k, v] : index.items())
    if (!now.contains(k)) fs::remove(out / exemplar_path(std::stoll(k)));
  util::write_file_atomic(dir / "index.json", now.dump(1) + "\n");
  return written;
}

/// Sets identity and name of each track in the sidecar's faces section; true when it changed.
bool update_sidecar(const fs::path& out, const std::string& asset, const IdentityStore& s) {
  if (!fs::exists(out / "assets" / (asset + ".json"))) return false;
  AssetRecord rec = catalog::read_json_sidecar(out, asset);
  auto it = rec.sections.find("faces");
  if (it == rec.sections.end() || !it->second.is_array()) return false;
  bool changed = false;
  for (auto& f : it->second) {
    const std::int64_t id = s.identity_of(asset, f.value("track", std::int64_t{-1}));
    const std::string nm = s.name_of(id);
    const nlohmann::json name = nm.empty() ? nlohmann::json(nullptr) : nlohmann::json(nm);
    if (f["identity"] != id || f["name"] != name) {
      f["identity"] = id;
      f["name"] = name;
      changed = true;
    }
  }
  if (changed) catalog::write_json_sidecar(out, rec);
  return changed;
}

}  // namespace

std::string exemplar_path(std::int64_t id) { return "faces/exemplars/" + std::to_string(id) + ".jpg"; }

record::Table face_identities_table(const IdentityStore& s) {
  std::vector<std::int64_t> id, tracks, assets, frames;
  std::vector<std::string> name, ex;
  for (const auto& [i, r] : rows_of(s)) {
    id.push_back(i);
    name.push_back(s.name_of(i));
    tracks.push_back(static_cast<std::int64_t>(r.tracks));
    assets.push_back(static_cast<std::int64_t>(r.assets.size()));
    frames.push_back(r.frames);
    ex.push_back(i >= 0 ? exemplar_path(i) : "");
  }
  record::Table t;
  t.name = "face_identities";
  t.columns = {{"identity", "", 1, id},        {"name", "", 1, name},          {"tracks", "", 1, tracks},
               {"assets", "", 1, assets},      {"frames", "frames", 1, frames}, {"exemplar", "path", 1, ex}};
  return t;
}

record::Table face_tracks_table(const IdentityStore& s) {
  std::vector<std::string> asset, name;
  std::vector<std::int64_t> track, start, end, identity;
  std::vector<double> quality;
  std::vector<float> emb;
  for (const ArchiveTrack& a : s.tracks) {
    asset.push_back(a.asset);
    track.push_back(a.track);
    start.push_back(a.start_frame);
    end.push_back(a.end_frame);
    identity.push_back(a.identity);
    name.push_back(s.name_of(a.identity));
    quality.push_back(a.quality);
    emb.insert(emb.end(), a.mean.begin(), a.mean.end());
  }
  record::Table t;
  t.name = "face_tracks";
  t.columns = {{"asset", "", 1, asset},         {"track", "", 1, track},       {"start_frame", "frames", 1, start},
               {"end_frame", "frames", 1, end}, {"identity", "", 1, identity}, {"name", "", 1, name},
               {"quality", "", 1, quality},
               {"embedding", "", kDescriptorDim, emb}};
  return t;
}

PublishResult publish_identities(const fs::path& out, const IdentityStore& s, const ChipMap& chips,
                                 const std::set<std::string>& assets) {
  PublishResult r;
  const auto rows = rows_of(s);
  r.exemplars = write_exemplars(out, s, chips, rows);
  if (fs::exists(out / "catalog.h5")) {
    catalog::write_archive_table(out / "catalog.h5", face_identities_table(s));
    catalog::write_archive_table(out / "catalog.h5", face_tracks_table(s));
    r.catalog = true;
  }
  std::set<std::string> todo = assets;
  if (todo.empty())
    for (const auto& t : s.tracks) todo.insert(t.asset);
  for (const std::string& a : todo) r.sidecars += update_sidecar(out, a, s);
  return r;
}

}  // namespace reelscale::faces
