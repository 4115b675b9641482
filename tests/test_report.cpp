/// @file test_report.cpp
/// The HTML report rendered by headless Chromium (Debian `chromium`): the
/// index's asset rows, an asset page's timeline shot count and loudness plot
/// points are checked against the sidecars and catalog.h5 (read through
/// catalog::CatalogReader). Screenshots are kept in build/test-artifacts/report/.

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "catalog/catalog_reader.hpp"
#include "export/asset_doc.hpp"
#include "report/pages.hpp"
#include "report/report_writer.hpp"
#include "report/svg.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using reelscale::testing::run_capture;
using reelscale::testing::run_shell;
using reelscale::testing::shell_quote;

namespace {

const char* kChromium = "/usr/bin/chromium";

fs::path artifacts() {
  const fs::path p = fs::path(REELSCALE_BINARY).parent_path() / "test-artifacts" / "report";
  fs::create_directories(p);
  return p;
}

/// Runs headless Chromium on `url` with `extra` flags; returns stdout.
std::string chromium(const std::string& extra, const std::string& url, int* status) {
  const fs::path profile = reelscale::testing::scratch_dir("chromium_profile");
  return run_capture(std::string("timeout 90 ") + kChromium +
                         " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                         " --disable-background-networking --disable-component-update --disable-sync"
                         " --user-data-dir=" + shell_quote(profile.string()) + " " + extra + " " + shell_quote(url) +
                         " 2>/dev/null",
                     status);
}

std::size_t count(const std::string& s, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = s.find(needle); p != std::string::npos; p = s.find(needle, p + needle.size())) ++n;
  return n;
}

class ReportCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto corpus = reelscale::testing::corpus_dir();
    if (!corpus) return;
    out_ = reelscale::testing::scratch_dir("report_corpus");
    // A small mix: ok, damaged and error assets (keeps the test well under 2 minutes).
    const fs::path list = out_.parent_path() / (out_.filename().string() + ".list");
    {
      std::ofstream l(list);
      for (const char* f : {"broadcast_ts.ts", "truncated_documentary.mp4", "empty.mp4", "notes.mov"})
        l << (*corpus / f).string() << "\n";
    }
    const std::string bin = shell_quote(reelscale::testing::reelscale_binary().string());
    // List-file entries outside the list's folder need --allow-root (docs/reliability.md).
    if (run_shell(bin + " run --no-index --allow-root " + shell_quote(corpus->string()) + " --input " +
                  shell_quote(list.string()) + " --out " +
                  shell_quote(out_.string()) + " >/dev/null 2>&1") != 0)
      return;
    ok_ = run_shell(bin + " report " + shell_quote(out_.string()) + " >/dev/null 2>&1") == 0;
  }
  void SetUp() override {
    if (!ok_) GTEST_SKIP() << "corpus not found (REELSCALE_CORPUS) or `reelscale run`/`report` failed";
    if (!fs::exists(kChromium)) GTEST_SKIP() << "no " << kChromium << " (Debian package chromium)";
  }
  static inline fs::path out_;
  static inline bool ok_ = false;
};

TEST_F(ReportCorpus, IndexListsEveryAssetErrorsFirst) {
  const auto sidecars = reelscale::exports::sidecar_files(out_);
  ASSERT_EQ(sidecars.size(), 4u);
  std::size_t errors = 0;
  for (const auto& f : sidecars) errors += reelscale::exports::read_sidecar(f).status == "error";
  const std::string url = "file://" + (out_ / "report" / "index.html").string();
  int st = 0;
  const std::string dom = chromium("--dump-dom", url, &st);
  ASSERT_EQ(st, 0);
  EXPECT_EQ(count(dom, "<tr class=\"asset-row "), sidecars.size()) << "rows rendered by report.js from assets.js";
  // errors first: the first `errors` rows are error rows
  const auto first_ok = dom.find("<tr class=\"asset-row ok\"");
  const auto last_error = dom.rfind("<tr class=\"asset-row error\"");
  ASSERT_NE(first_ok, std::string::npos);
  EXPECT_LT(last_error, first_ok);
  EXPECT_EQ(count(dom, "<tr class=\"asset-row error\""), errors);
  EXPECT_NE(dom.find(std::to_string(sidecars.size()) + " of " + std::to_string(sidecars.size()) + " assets"),
            std::string::npos);
  chromium("--window-size=1400,1000 --screenshot=" + shell_quote((artifacts() / "index.png").string()), url, &st);
  EXPECT_TRUE(fs::exists(artifacts() / "index.png"));
}

TEST_F(ReportCorpus, AssetPageTimelineAndLoudnessMatchTheCatalog) {
  reelscale::exports::AssetDoc doc;
  for (const auto& f : reelscale::exports::sidecar_files(out_)) {
    auto d = reelscale::exports::read_sidecar(f);
    if (fs::path(d.path).filename() == "broadcast_ts.ts") doc = d;
  }
  ASSERT_FALSE(doc.id.empty()) << "broadcast_ts.ts not in the run";
  const auto rec = reelscale::catalog::read_asset(out_ / "catalog.h5", doc.id, false);
  ASSERT_GT(rec.audio.momentary_lufs.size(), 100u);
  const std::string url = "file://" + (out_ / "report" / "asset" / (doc.id + ".html")).string();
  int st = 0;
  const std::string dom = chromium("--dump-dom", url, &st);
  ASSERT_EQ(st, 0);
  EXPECT_EQ(count(dom, "<rect class=\"shot"), doc.shots.size());
  EXPECT_EQ(count(dom, "<rect class=\"scene"), doc.scenes.size());
  EXPECT_EQ(count(dom, "<rect class=\"break\""), doc.commercial_breaks.size());
  EXPECT_EQ(count(dom, "<img loading=\"lazy\""), doc.scenes.size());
  std::smatch m;
  const std::regex mom("<polyline id=\"momentary\" data-n=\"(\\d+)\" points=\"([^\"]*)\"");
  ASSERT_TRUE(std::regex_search(dom, m, mom));
  EXPECT_EQ(std::stoul(m[1]), rec.audio.momentary_lufs.size());
  EXPECT_EQ(count(m[2], ",") , rec.audio.momentary_lufs.size()) << "one plotted point per 100 ms value";
  EXPECT_NE(dom.find("id=\"integrated\""), std::string::npos);
  EXPECT_NE(dom.find("id=\"lra\""), std::string::npos);
  // The LRA band's bounds (EBU Tech 3342 percentiles of the short-term series)
  // span the LRA libebur128 measured.
  const auto [lo, hi] = reelscale::report::lra_bounds(rec.audio.short_term_lufs, rec.audio.series_rate_hz);
  EXPECT_NEAR(hi - lo, rec.audio.loudness.lra_lu, 0.2);  // measured 0.08 LU apart on broadcast_ts.ts
  for (std::size_t i = 0; i < doc.scenes.size(); ++i)
    EXPECT_TRUE(fs::exists(out_ / "keyframes" / doc.id / (std::to_string(i) + ".jpg"))) << "filmstrip image " << i;
  chromium("--window-size=1400,2000 --screenshot=" + shell_quote((artifacts() / "asset.png").string()), url, &st);
  EXPECT_TRUE(fs::exists(artifacts() / "asset.png"));
}

TEST(ReportPages, ModerationFlaggedKeyframesAreBlurredAndSectionsAppearWhenPresent) {
  nlohmann::json j = {{"id", "abc"}, {"path", "/x/y.mp4"}, {"status", "ok"}, {"frames", 100}, {"fps", 25.0},
                      {"scenes", {{{"start", 0}, {"end", 49}, {"keyframe", 10}}, {{"start", 50}, {"end", 99}, {"keyframe", 60}}}}};
  const auto plain = reelscale::exports::asset_from_sidecar(j, "test");
  const std::string p0 = reelscale::report::asset_page(plain, {}, "../../");
  EXPECT_EQ(count(p0, "class=\"blurred\""), 0u);
  EXPECT_EQ(p0.find("section-faces"), std::string::npos);
  j["moderation"] = {{"frames", {{{"frame", 70}, {"label", "violence"}, {"score", 0.91}},
                                 {{"frame", 20}, {"flagged", false}, {"score", 0.1}}}}};
  j["faces"] = {{"tracks", {{{"identity", "Ada Lovelace"}, {"start", 0}, {"end", 20}, {"thumb", "faces/abc/0.jpg"}}}}};
  const auto flagged = reelscale::exports::asset_from_sidecar(j, "test");
  const std::string p1 = reelscale::report::asset_page(flagged, {}, "../../");
  EXPECT_EQ(count(p1, "class=\"blurred\""), 1u) << "only scene 2 (frames 50-99) holds the flagged frame 70";
  EXPECT_NE(p1.find("keyframes/abc/1.jpg"), std::string::npos);
  const auto img = p1.find("class=\"blurred\" src=\"../../keyframes/abc/1.jpg\"");
  EXPECT_NE(img, std::string::npos);
  EXPECT_NE(p1.find("section-faces"), std::string::npos);
  EXPECT_NE(p1.find("Ada Lovelace"), std::string::npos);
  EXPECT_NE(p1.find("section-moderation"), std::string::npos);
  // the face thumbnail names no frame while something is flagged: blurred too
  EXPECT_NE(p1.find("class=\"thumb blurred\""), std::string::npos);
  EXPECT_EQ(p1.find("<a href=\"../../faces/abc/0.jpg\""), std::string::npos) << "no link to the unblurred file";
}

}  // namespace
