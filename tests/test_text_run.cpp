// `reelscale run` with the text and moderation stages on a real dev programme: the caption
// "Hello world..." of newsreel_mpeg2 (seen at frames 1125-1175) reaches the sidecar and the
// catalog table, the programme is not flagged, and --no-text --no-moderation removes both.
#include <gtest/gtest.h>

#include <fstream>

#include "catalog/catalog_reader.hpp"
#include "support/test_support.hpp"
#include "util/model_dir.hpp"

namespace fs = std::filesystem;
namespace rt = reelscale::testing;

namespace {

nlohmann::json only_sidecar(const fs::path& out) {
  for (const auto& e : fs::directory_iterator(out / "assets"))
    if (e.path().extension() == ".json") {
      std::ifstream in(e.path());
      return nlohmann::json::parse(in);
    }
  return {};
}

}  // namespace

TEST(TextRun, CaptionReachesSidecarAndCatalog) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  if (!reelscale::util::find_model("text", "ppocrv4_det.onnx") ||
      !reelscale::util::find_model("moderation", "nsfw_mobilenet_v2.onnx"))
    GTEST_SKIP() << "text/moderation models absent: run scripts/models.sh";
  const fs::path out = rt::scratch_dir("text_run");
  const std::string bin = rt::shell_quote(rt::reelscale_binary().string());
  const std::string in = rt::shell_quote((corpus / "newsreel_mpeg2.mpg").string());
  ASSERT_EQ(rt::run_shell(bin + " run --text --moderation -i " + in + " -o " + rt::shell_quote((out / "on").string()) + " >/dev/null 2>&1"), 0);
  const auto j = only_sidecar(out / "on");
  ASSERT_TRUE(j.contains("text")) << j.dump().substr(0, 500);
  bool hello = false;
  for (const auto& t : j["text"])
    if (t["text"].get<std::string>().find("Hello world") != std::string::npos) {
      hello = true;
      EXPECT_GE(t["start"].get<int>(), 1100);
      EXPECT_LE(t["end"].get<int>(), 1200);
      EXPECT_EQ(t["lang"], "eng");
    }
  EXPECT_TRUE(hello) << j["text"].dump();
  ASSERT_TRUE(j.contains("moderation"));
  EXPECT_TRUE(j["moderation"]["safe"].get<bool>());
  reelscale::catalog::CatalogReader r(out / "on" / "catalog.h5");
  const auto id = r.asset_ids().at(0);
  const auto t = r.read_table(id, "text");
  EXPECT_EQ(t.rows(), j["text"].size());
  EXPECT_EQ(r.read_table(id, "moderation").column("scores").width, 5u);

  ASSERT_EQ(rt::run_shell(bin + " run -i " + in + " -o " + rt::shell_quote((out / "off").string()) +
                          " --no-text --no-moderation >/dev/null 2>&1"),
            0);
  const auto k = only_sidecar(out / "off");
  EXPECT_FALSE(k.contains("text"));
  EXPECT_FALSE(k.contains("moderation"));
}
