#include "faces/face_lookup.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include "catalog/catalog_reader.hpp"
#include "faces/face_models.hpp"
#include "faces/identity_publish.hpp"
#include "faces/identity_store.hpp"
#include "record/asset_record.hpp"
#include "record/timeline.hpp"

namespace fs = std::filesystem;

namespace reelscale::faces {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

/// Identity of the largest face of `image` (or -1), with its mean distance.
std::int64_t identity_of_image(const IdentityStore& s, const std::string& image, const std::string& models,
                               float& dist) {
  std::string why;
  auto m = load_face_models(models, why);
  if (!m) throw std::invalid_argument(why);
  const cv::Mat img = cv::imread(image, cv::IMREAD_COLOR);
  if (img.empty()) throw std::invalid_argument("faces: cannot read image '" + image + "'");
  const auto obs = m->observe(img);
  if (obs.empty()) return -1;
  const auto big = std::max_element(obs.begin(), obs.end(),
                                    [](const auto& x, const auto& y) { return x.det.box.area() < y.det.box.area(); });
  return s.nearest_identity(big->descriptor, dist);
}

/// The appearances of identity `id`, with paths, seconds and scenes from the catalog.
nlohmann::json appearances(const fs::path& out, const IdentityStore& s, std::int64_t id) {
  std::unique_ptr<catalog::CatalogReader> cat;
  if (fs::exists(out / "catalog.h5")) cat = std::make_unique<catalog::CatalogReader>(out / "catalog.h5");
  std::map<std::string, AssetRecord> recs;
  nlohmann::json a = nlohmann::json::array();
  for (const ArchiveTrack& t : s.tracks) {
    if (t.identity != id) continue;
    if (cat && !recs.count(t.asset)) {
      try {
        recs[t.asset] = cat->read_asset(t.asset, false);
      } catch (const std::exception&) {
        recs[t.asset] = AssetRecord{};
      }
    }
    const AssetRecord& r = recs[t.asset];
    nlohmann::json scenes = nlohmann::json::array();
    for (std::size_t k = 0; k < r.scenes.scenes.size(); ++k)
      if (r.scenes.scenes[k].start_frame <= t.end_frame && r.scenes.scenes[k].end_frame >= t.start_frame)
        scenes.push_back(k);
    a.push_back({{"asset", t.asset}, {"path", r.path}, {"track", t.track}, {"start", t.start_frame},
                 {"end", t.end_frame}, {"start_s", record::timeline::frames_to_seconds(double(t.start_frame), r.fps)},
                 {"end_s", record::timeline::frames_to_seconds(double(t.end_frame + 1), r.fps)}, {"scenes", scenes}});
  }
  return a;
}

}  // namespace

nlohmann::json lookup_face(const fs::path& out, const std::string& q, const std::string& models) {
  const IdentityStore s = IdentityStore::load(out / "faces");
  nlohmann::json r = {{"query", q}, {"identities", nlohmann::json::array()}};
  std::vector<std::pair<std::int64_t, nlohmann::json>> hits;  // id, distance (null for a name)
  std::error_code ec;
  if (fs::is_regular_file(q, ec)) {
    float dist = 0;
    if (const std::int64_t id = identity_of_image(s, q, models, dist); id >= 0) hits.emplace_back(id, dist);
  } else {
    for (const auto& [id, name] : s.names)
      if (lower(name) == lower(q)) hits.emplace_back(id, nullptr);
  }
  for (const auto& [id, dist] : hits) {
    const std::string nm = s.name_of(id);
    nlohmann::json e = {{"id", id}, {"name", nm.empty() ? nlohmann::json(nullptr) : nlohmann::json(nm)},
                        {"exemplar", (out / exemplar_path(id)).string()}, {"appearances", appearances(out, s, id)}};
    if (!dist.is_null()) e["distance"] = dist;
    r["identities"].push_back(e);
  }
  return r;
}

int print_face_lookup(const nlohmann::json& r, bool json) {
  if (json) {
    std::cout << r.dump(1) << "\n";
    return r["identities"].empty() ? 1 : 0;
  }
  if (r["identities"].empty()) std::cout << "no identity matches '" << r["query"].get<std::string>() << "'\n";
  for (const auto& e : r["identities"]) {
    std::cout << fmt::format("identity {} ({})  exemplar {}\n", e["id"].get<std::int64_t>(),
                             e["name"].is_null() ? "unknown" : e["name"].get<std::string>(),
                             e["exemplar"].get<std::string>());
    for (const auto& a : e["appearances"])
      std::cout << fmt::format("  {}  track {}  frames {}-{}  {:.2f}-{:.2f} s  scenes {}  {}\n",
                               a["asset"].get<std::string>(), a["track"].get<std::int64_t>(),
                               a["start"].get<std::int64_t>(), a["end"].get<std::int64_t>(), a["start_s"].get<double>(),
                               a["end_s"].get<double>(), a["scenes"].dump(), a["path"].get<std::string>());
  }
  return r["identities"].empty() ? 1 : 0;
}

}  // namespace reelscale::faces
