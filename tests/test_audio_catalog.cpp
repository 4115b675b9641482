// Catalog output of issue 6: /assets/<id>/audio/ and /assets/<id>/ad_breaks/ in
// catalog.h5 and the sidecar keys loudness, silences, insertion_points,
// commercial_breaks; round trips through the writer/reader and to_json/asset_from_json,
// plus the sidecars `reelscale run` writes on the corpus.

#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "catalog/catalog_reader.hpp"
#include "catalog/catalog_writer.hpp"
#include "catalog/json_sidecar.hpp"
#include "support/test_support.hpp"

namespace rc = reelscale::catalog;
namespace rt = reelscale::testing;
using reelscale::AssetRecord;

namespace {

AssetRecord sample() {
  AssetRecord r;
  r.id = "00aa11bb22cc33dd";
  r.path = "/archive/x.ts";
  r.frames = 0;
  r.audio.stream = 1;
  r.audio.channels = 2;
  r.audio.samples = 480000;
  r.audio.start_s = 0.02;
  r.audio.warning = "1 bad packet";
  r.audio.loudness = {-23.5, 7.25, -1.5, -1.75};
  r.audio.momentary_lufs = {-30, -25, -120};
  r.audio.short_term_lufs = {-31, -26, -40};
  r.audio.silences = {{1.5, 2.25}, {7.0, 9.0}};
  r.ad_breaks.break_interval_s = 120;
  r.ad_breaks.break_offset_s = 60;
  r.ad_breaks.insertion_points = {{250, 10.0, 0.8, 10, {"scene_boundary", "black", "silence"}},
                                  {600, 24.0, 0.4, 20, {"shot_boundary"}}};
  r.ad_breaks.commercial_breaks = {{441, 815, 14.7, 27.2, {441, 621, 786}}, {1240, 1518, 41.4, 50.7, {1240, 1489}}};
  return r;
}

void expect_same(const AssetRecord& a, const AssetRecord& b, bool series) {
  EXPECT_EQ(a.audio.stream, b.audio.stream);
  EXPECT_EQ(a.audio.channels, b.audio.channels);
  EXPECT_EQ(a.audio.samples, b.audio.samples);
  EXPECT_DOUBLE_EQ(a.audio.start_s, b.audio.start_s);
  EXPECT_EQ(a.audio.warning, b.audio.warning);
  EXPECT_DOUBLE_EQ(a.audio.loudness.integrated_lufs, b.audio.loudness.integrated_lufs);
  EXPECT_DOUBLE_EQ(a.audio.loudness.lra_lu, b.audio.loudness.lra_lu);
  EXPECT_DOUBLE_EQ(a.audio.loudness.true_peak_dbtp, b.audio.loudness.true_peak_dbtp);
  EXPECT_DOUBLE_EQ(a.audio.loudness.sample_peak_dbfs, b.audio.loudness.sample_peak_dbfs);
  if (series) {
    EXPECT_EQ(a.audio.momentary_lufs, b.audio.momentary_lufs);
    EXPECT_EQ(a.audio.short_term_lufs, b.audio.short_term_lufs);
  }
  ASSERT_EQ(a.audio.silences.size(), b.audio.silences.size());
  for (std::size_t i = 0; i < a.audio.silences.size(); ++i) {
    EXPECT_DOUBLE_EQ(a.audio.silences[i].start_s, b.audio.silences[i].start_s);
    EXPECT_DOUBLE_EQ(a.audio.silences[i].end_s, b.audio.silences[i].end_s);
  }
  EXPECT_DOUBLE_EQ(a.ad_breaks.break_interval_s, b.ad_breaks.break_interval_s);
  ASSERT_EQ(a.ad_breaks.insertion_points.size(), b.ad_breaks.insertion_points.size());
  for (std::size_t i = 0; i < a.ad_breaks.insertion_points.size(); ++i) {
    const auto &p = a.ad_breaks.insertion_points[i], &q = b.ad_breaks.insertion_points[i];
    EXPECT_EQ(p.frame, q.frame);
    EXPECT_DOUBLE_EQ(p.time_s, q.time_s);
    EXPECT_DOUBLE_EQ(p.score, q.score);
    EXPECT_DOUBLE_EQ(p.mark_s, q.mark_s);
    EXPECT_EQ(p.reasons, q.reasons);
  }
  ASSERT_EQ(a.ad_breaks.commercial_breaks.size(), b.ad_breaks.commercial_breaks.size());
  for (std::size_t i = 0; i < a.ad_breaks.commercial_breaks.size(); ++i) {
    const auto &p = a.ad_breaks.commercial_breaks[i], &q = b.ad_breaks.commercial_breaks[i];
    EXPECT_EQ(p.start_frame, q.start_frame);
    EXPECT_EQ(p.end_frame, q.end_frame);
    EXPECT_EQ(p.slate_frames, q.slate_frames);
  }
}

}  // namespace

TEST(AudioCatalog, Hdf5RoundTrip) {
  const auto dir = rt::scratch_dir("audio-catalog");
  const auto h5 = dir / "catalog.h5";
  const AssetRecord r = sample();
  AssetRecord empty;
  empty.id = "ffee000000000000";
  empty.path = "/archive/none.txt";
  {
    rc::CatalogWriter w(h5);
    w.write_asset(r);
    w.write_asset(empty);
    w.close();
  }
  rc::CatalogReader reader(h5);
  expect_same(r, reader.read_asset(r.id), true);
  const AssetRecord e = reader.read_asset(empty.id);
  EXPECT_EQ(e.audio.stream, -1);
  EXPECT_TRUE(e.audio.silences.empty());
  EXPECT_TRUE(e.ad_breaks.insertion_points.empty());
}

TEST(AudioCatalog, JsonKeysAndRoundTrip) {
  const AssetRecord r = sample();
  const nlohmann::json j = rc::to_json(r);
  ASSERT_TRUE(j.contains("loudness"));
  EXPECT_DOUBLE_EQ(j["loudness"]["integrated_lufs"].get<double>(), -23.5);
  EXPECT_DOUBLE_EQ(j["loudness"]["lra_lu"].get<double>(), 7.25);
  EXPECT_DOUBLE_EQ(j["loudness"]["true_peak_dbtp"].get<double>(), -1.5);
  ASSERT_EQ(j["silences"].size(), 2u);
  EXPECT_DOUBLE_EQ(j["silences"][0]["start_s"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(j["silences"][0]["end_s"].get<double>(), 2.25);
  ASSERT_EQ(j["insertion_points"].size(), 2u);
  for (const char* k : {"frame", "time_s", "score", "reasons"}) EXPECT_TRUE(j["insertion_points"][0].contains(k)) << k;
  EXPECT_EQ(j["insertion_points"][0]["reasons"][1], "black");
  ASSERT_EQ(j["commercial_breaks"].size(), 2u);
  EXPECT_EQ(j["commercial_breaks"][0]["start"], 441);
  EXPECT_EQ(j["commercial_breaks"][0]["end"], 815);
  EXPECT_FALSE(j.contains("momentary"));  // series are in catalog.h5 only
  expect_same(r, rc::asset_from_json(nlohmann::json::parse(j.dump())), false);
}

// The sidecars of `reelscale run` on the corpus carry the loudness and the breaks.
TEST(AudioCatalog, RunWritesSidecarKeys) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  const auto out = rt::scratch_dir("audio-run");
  const std::string cmd = rt::shell_quote(rt::reelscale_binary().string()) + " run --input " +
                          rt::shell_quote(corpus.string()) + " --include 'archive_mpeg4_avi.avi' --out " +
                          rt::shell_quote(out.string()) + " >/dev/null 2>&1";
  ASSERT_EQ(rt::run_shell(cmd), 0);
  // Independent references: the truth file's commercial breaks (frames) and ffmpeg's
  // ebur128 integrated loudness of the same file.
  std::ifstream tin(corpus / "archive_mpeg4_avi.truth.json");
  const auto truth = nlohmann::json::parse(tin);
  const auto& want = truth.at("commercial_breaks");
  ASSERT_EQ(want.size(), 1u);
  int status = 0;
  const std::string ebu = rt::run_capture("ffmpeg -nostats -hide_banner -i " +
                                              rt::shell_quote((corpus / "archive_mpeg4_avi.avi").string()) +
                                              " -vn -af ebur128 -f null - 2>&1",
                                          &status);
  std::smatch m;
  const std::string summary = ebu.substr(ebu.rfind("Summary") == std::string::npos ? 0 : ebu.rfind("Summary"));
  const bool have_ref = status == 0 && std::regex_search(summary, m, std::regex(R"(I:\s+(-?[0-9.]+) LUFS)"));
  int found = 0;
  for (const auto& e : std::filesystem::directory_iterator(out / "assets")) {
    std::ifstream in(e.path());
    const auto j = nlohmann::json::parse(in);
    ++found;
    if (have_ref) EXPECT_NEAR(j["loudness"]["integrated_lufs"].get<double>(), std::stod(m[1].str()), 0.2);
    EXPECT_GE(j["silences"].size(), 3u);
    ASSERT_EQ(j["commercial_breaks"].size(), want.size());
    EXPECT_EQ(j["commercial_breaks"][0]["start"], want[0].at("start"));
    EXPECT_EQ(j["commercial_breaks"][0]["end"], want[0].at("end"));
    EXPECT_TRUE(j["insertion_points"].is_array());
  }
  EXPECT_EQ(found, 1);
  rc::CatalogReader reader(out / "catalog.h5");
  const auto ids = reader.asset_ids();
  ASSERT_EQ(ids.size(), 1u);
  const auto rec = reader.read_asset(ids[0], false);
  EXPECT_EQ(rec.audio.stream, 1);
  EXPECT_NEAR(double(rec.audio.momentary_lufs.size()), 399, 2);  // 39.9 s of audio at 10 Hz
  ASSERT_EQ(rec.ad_breaks.commercial_breaks.size(), 1u);
  EXPECT_EQ(rec.ad_breaks.commercial_breaks[0].slate_frames.size(), 3u);
}
