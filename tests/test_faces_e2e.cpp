/// `reelscale run` with the faces stage on the real Hamilton clip + Miranda's photo (shots
/// from the shot detector), then `reelscale faces OUT`: Miranda's tracks in both of his
/// shots and his photo are one identity; one `--tag` names them in both assets, without
/// re-running anything: the catalog's /face_identities, the sidecars and `reelscale query
/// --face NAME` show the name at once; each identity has an exemplar JPEG.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include <opencv2/imgcodecs.hpp>

#include "catalog/catalog_reader.hpp"

#include "faces_test_support.hpp"

namespace fs = std::filesystem;
using namespace reelscale;

TEST(FacesEndToEnd, RunThenTagOnce) {
  REELSCALE_REQUIRE_FACE_MODELS(models);
  REELSCALE_REQUIRE_FACES_CORPUS(corpus);
  const fs::path in = reelscale::testing::scratch_dir("faces_e2e_in");
  const fs::path out = reelscale::testing::scratch_dir("faces_e2e_out");
  fs::copy_file(corpus / "videos/v01_hamilton_clip.mp4", in / "clip.mp4");
  fs::copy_file(corpus / "images/046.jpg", in / "miranda.jpg");
  const std::string bin = reelscale::testing::shell_quote(reelscale::testing::reelscale_binary().string());
  ASSERT_EQ(reelscale::testing::run_shell(bin + " run --faces -i " + reelscale::testing::shell_quote(in.string()) + " -o " +
                                          reelscale::testing::shell_quote(out.string()) + " >/dev/null 2>&1"),
            0);
  std::map<std::string, std::string> id_of;  // file name -> asset id
  for (const auto& e : fs::directory_iterator(out / "assets")) {
    const auto j = nlohmann::json::parse(std::ifstream(e.path()));
    id_of[fs::path(j.at("path").get<std::string>()).filename().string()] = j.at("id");
    if (j.at("path").get<std::string>().ends_with("clip.mp4")) ASSERT_TRUE(j.contains("faces")) << e.path();
  }
  int status = -1;
  auto list = nlohmann::json::parse(reelscale::testing::run_capture(bin + " faces " + reelscale::testing::shell_quote(out.string()) + " --json", &status));
  ASSERT_EQ(status, 0);
  std::int64_t miranda = -1;
  for (const auto& e : list)
    for (const auto& a : e["assets"])
      if (a["asset"] == id_of["miranda.jpg"]) miranda = e["id"];
  ASSERT_GE(miranda, 0);
  bool wide = false, medium = false;
  for (const auto& e : list)
    if (e["id"] == miranda)
      for (const auto& a : e["assets"])
        if (a["asset"] == id_of["clip.mp4"])
          for (const auto& t : a["tracks"]) {
            wide = wide || t["end"].get<int>() <= 19;
            medium = medium || (t["start"].get<int>() >= 82 && t["end"].get<int>() <= 210);
            EXPECT_LE(t["end"].get<int>(), 210) << "an audience track joined Miranda";
          }
  EXPECT_TRUE(wide) << list.dump();
  EXPECT_TRUE(medium) << list.dump();

  // before tagging: the catalog holds the identities (no names) and the per-asset tables
  const fs::path h5 = out / "catalog.h5";
  std::vector<std::int64_t> clip_tracks_before;
  {
    catalog::CatalogReader r(h5);
    const auto ids = r.read_archive_table("face_identities").get<std::int64_t>("identity");
    EXPECT_NE(std::find(ids.begin(), ids.end(), miranda), ids.end());
    clip_tracks_before = r.read_table(id_of["clip.mp4"], "faces").get<std::int64_t>("end_frame");
  }
  const cv::Mat ex = cv::imread((out / "faces/exemplars" / (std::to_string(miranda) + ".jpg")).string());
  EXPECT_EQ(ex.cols, 150) << "exemplar JPEG of identity " << miranda;
  EXPECT_EQ(ex.rows, 150);

  list = nlohmann::json::parse(reelscale::testing::run_capture(bin + " faces " + reelscale::testing::shell_quote(out.string()) +
                                                               " --tag " + std::to_string(miranda) +
                                                               " --name 'Lin-Manuel Miranda' --json", &status));
  ASSERT_EQ(status, 0);
  for (const auto& e : list)
    if (e["id"] == miranda) {
      EXPECT_EQ(e["name"], "Lin-Manuel Miranda");
      EXPECT_EQ(e["assets"].size(), 2u);
    } else {
      EXPECT_TRUE(e["name"].is_null());
    }
  {  // the catalog has the name; the analysis tables are untouched (nothing re-analysed)
    catalog::CatalogReader r(h5);
    const record::Table t = r.read_archive_table("face_identities");
    const auto& ids = t.get<std::int64_t>("identity");
    const auto& names = t.get<std::string>("name");
    for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(names[i], ids[i] == miranda ? "Lin-Manuel Miranda" : "");
    EXPECT_EQ(r.read_table(id_of["clip.mp4"], "faces").get<std::int64_t>("end_frame"), clip_tracks_before);
    const record::Table tr = r.read_archive_table("face_tracks");
    EXPECT_EQ(tr.rows(), tr.get<std::int64_t>("identity").size());
  }
  for (const char* f : {"clip.mp4", "miranda.jpg"}) {  // the sidecars name the tracks
    const auto j = nlohmann::json::parse(std::ifstream(out / "assets" / (id_of[f] + ".json")));
    int named = 0;
    for (const auto& t : j.at("faces"))
      if (t["identity"] == miranda) {
        EXPECT_EQ(t["name"], "Lin-Manuel Miranda") << f;
        ++named;
      } else {
        EXPECT_TRUE(t["name"].is_null()) << f;
      }
    EXPECT_GE(named, 1) << f;
  }
  // query by the name: both assets, the medium shot's time span in seconds
  const auto q = nlohmann::json::parse(reelscale::testing::run_capture(
      bin + " query " + reelscale::testing::shell_quote(out.string()) + " --face 'lin-manuel miranda' --json", &status));
  ASSERT_EQ(status, 0) << q.dump();
  ASSERT_EQ(q["identities"].size(), 1u) << q.dump();
  std::set<std::string> assets;
  bool medium_s = false;
  for (const auto& a : q["identities"][0]["appearances"]) {
    assets.insert(a["asset"].get<std::string>());
    if (a["asset"] == id_of["clip.mp4"] && a["start_s"].get<double>() >= 82 / 29.97 - 0.05 &&
        a["end_s"].get<double>() <= 211 / 29.97 + 0.05)
      medium_s = true;
  }
  EXPECT_EQ(assets.size(), 2u) << q.dump();
  EXPECT_TRUE(medium_s) << q.dump();
  // full-text search by the name (src/fulltext reads /face_tracks): both assets, with time spans
  const auto hits = nlohmann::json::parse(reelscale::testing::run_capture(
      bin + " search " + reelscale::testing::shell_quote(out.string()) + " Miranda --reindex --json", &status));
  ASSERT_EQ(status, 0);
  std::set<std::string> found;
  bool medium_hit = false;
  for (const auto& h : hits)
    if (h["kind"] == "name") {
      found.insert(h["asset"].get<std::string>());
      medium_hit = medium_hit || (h["asset"] == id_of["clip.mp4"] && h["start_s"].get<double>() >= 82 / 29.97 - 0.05);
    }
  EXPECT_EQ(found.size(), 2u) << hits.dump();
  EXPECT_TRUE(medium_hit) << hits.dump();
  reelscale::testing::run_capture(bin + " query " + reelscale::testing::shell_quote(out.string()) + " --face Nobody --json",
                                  &status);
  EXPECT_NE(status, 0) << "an unknown name matches nothing";
}
