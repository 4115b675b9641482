/// `reelscale run` with the faces stage on the real Hamilton clip + Miranda's photo (shots
/// from the shot detector), then `reelscale faces OUT`: Miranda's tracks in both of his
/// shots and his photo are one identity; one `--tag` names them in both assets, without
/// re-running anything.
#include <gtest/gtest.h>

#include <fstream>

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

  const auto before = fs::last_write_time(out / "catalog.h5");
  list = nlohmann::json::parse(reelscale::testing::run_capture(bin + " faces " + reelscale::testing::shell_quote(out.string()) +
                                                               " --tag " + std::to_string(miranda) +
                                                               " --name 'Lin-Manuel Miranda' --json", &status));
  ASSERT_EQ(status, 0);
  EXPECT_EQ(fs::last_write_time(out / "catalog.h5"), before);  // nothing re-analysed
  for (const auto& e : list)
    if (e["id"] == miranda) {
      EXPECT_EQ(e["name"], "Lin-Manuel Miranda");
      EXPECT_EQ(e["assets"].size(), 2u);
    } else {
      EXPECT_TRUE(e["name"].is_null());
    }
}
