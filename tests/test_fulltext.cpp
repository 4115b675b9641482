// Full-text index: SQLite FTS5 with the "reelscale" tokenizer (unicode61 + Arabic
// normalisation). Rows mimic the three sources: on-screen text (OCR lines in the corpus'
// OCR truth style), transcripts and face names.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "catalog/catalog_reader.hpp"
#include "catalog/catalog_writer.hpp"
#include "fulltext/fulltext_index.hpp"
#include "fulltext/index_rows.hpp"
#include "fulltext/sidecar_tables.hpp"
#include "fulltext/text_normalise.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace reelscale::fulltext;

namespace {

fs::path build(const std::vector<IndexRow>& rows) {
  const fs::path f = index_path(reelscale::testing::scratch_dir("fulltext"));
  IndexWriter w(f);
  for (const auto& r : rows) w.add(r);
  w.commit();
  return f;
}

const std::vector<IndexRow> kRows{
    {"a1", "/in/news.mpg", "text", 12.0, 15.5, "BREAKING NEWS: Storm reaches the coast"},
    {"a1", "/in/news.mpg", "speech", 16.0, 19.0, "the storm is expected to reach the coast tonight"},
    {"a2", "/in/doc.mp4", "text", 3.0, 7.0, "مدينة القدس القديمة"},
    {"a2", "/in/doc.mp4", "text", 40.0, 44.0, "المكتبة الوطنية"},
    {"a3", "/in/talk.mov", "name", 1.0, 30.0, "Amélie Dupont"},
    {"a3", "/in/talk.mov", "text", 50.0, 52.0, "الإسلام والعلم"},
    {"a3", "/in/talk.mov", "text", 60.0, 62.0, "مدرسة"},
};

}  // namespace

TEST(TextNormalise, StripsHarakatTatweelAndFoldsAlef) {
  EXPECT_EQ(normalise_token("مَدْرَسَةٌ"), "مدرسه");          // harakat gone, teh marbuta -> heh
  EXPECT_EQ(normalise_token("العـــربية"), "العربيه");        // tatweel
  EXPECT_EQ(normalise_token("أحمد"), "احمد");
  EXPECT_EQ(normalise_token("إسلام"), "اسلام");
  EXPECT_EQ(normalise_token("آمن"), "امن");
  EXPECT_EQ(normalise_token("مصطفى"), "مصطفي");
  EXPECT_EQ(normalise_token("٢٠٢٦"), "2026");
  EXPECT_EQ(normalise_token("storm"), "storm");
}

TEST(FullTextIndex, EnglishQueryFindsTheRightRowsRanked) {
  const fs::path f = build(kRows);
  const auto hits = search(f, "storm coast", 10);
  ASSERT_EQ(hits.size(), 2u);
  for (const auto& h : hits) EXPECT_EQ(h.row.asset, "a1");
  EXPECT_NE(hits[0].snippet.find("[Storm]"), std::string::npos) << hits[0].snippet;  // shorter row ranks first
  EXPECT_DOUBLE_EQ(hits[0].row.start_s, 12.0);
  EXPECT_EQ(hits[0].row.kind, "text");
  EXPECT_EQ(search(f, "tonight", 10).at(0).row.kind, "speech");
  EXPECT_TRUE(search(f, "hurricane", 10).empty());
}

TEST(FullTextIndex, LatinDiacriticsAndCaseFold) {
  const fs::path f = build(kRows);
  const auto hits = search(f, "amelie DUPONT", 10);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].row.kind, "name");
  EXPECT_EQ(hits[0].snippet, "[Amélie] [Dupont]");  // snippet shows the text as written
}

TEST(FullTextIndex, ArabicQueriesWithAndWithoutHarakat) {
  const fs::path f = build(kRows);
  auto hits = search(f, "القدس", 10);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].row.asset, "a2");
  EXPECT_DOUBLE_EQ(hits[0].row.start_s, 3.0);
  EXPECT_EQ(hits[0].snippet, "مدينة [القدس] القديمة");
  hits = search(f, "القُدْسِ", 10);  // query with harakat, text without
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].row.asset, "a2");
  hits = search(f, "مَدْرَسَةٌ", 10);  // harakat + teh marbuta against plain مدرسة
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_DOUBLE_EQ(hits[0].row.start_s, 60.0);
  hits = search(f, "الاسلام", 10);  // bare alef finds hamza-below alef
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].row.asset, "a3");
  EXPECT_EQ(search(f, "المكتبة", 10).size(), 1u);
}

TEST(FullTextIndex, QuerySyntaxIsLiteralAndCommitIsAtomic) {
  const fs::path f = build(kRows);
  EXPECT_NO_THROW(search(f, "storm AND \"coast", 10));
  EXPECT_TRUE(search(f, "NEAR(", 10).empty());
  for (const auto& e : fs::directory_iterator(f.parent_path()))
    EXPECT_EQ(e.path().filename(), "fulltext.sqlite") << "temporary file left: " << e.path();
  {
    IndexWriter w(f.parent_path() / "other.sqlite");
    w.add(kRows[0]);
  }  // no commit: nothing written
  EXPECT_FALSE(fs::exists(f.parent_path() / "other.sqlite"));
  EXPECT_THROW(search(f.parent_path() / "missing.sqlite", "x", 1), std::runtime_error);
}

TEST(IndexRows, AnyTimedTextTable) {
  using reelscale::record::Column;
  using reelscale::record::Table;
  Table text{"text", {{"text", "", 1, std::vector<std::string>{"SALE", " "}},
                      {"lang", "", 1, std::vector<std::string>{"eng", "eng"}},
                      {"start_frame", "frames", 1, std::vector<std::int64_t>{50, 60}},
                      {"end_frame", "frames", 1, std::vector<std::int64_t>{74, 70}}}};
  auto rows = rows_from_table(text, "text", "a1", "/in/x.mp4", 25.0);
  ASSERT_EQ(rows.size(), 1u);  // blank text skipped
  EXPECT_DOUBLE_EQ(rows[0].start_s, 2.0);
  EXPECT_DOUBLE_EQ(rows[0].end_s, 3.0);  // inclusive end frame 74 -> 75 / 25
  Table faces{"identities", {{"name", "", 1, std::vector<std::string>{"unknown", "Ada Lovelace"}},
                             {"start_s", "s", 1, std::vector<double>{1, 5}},
                             {"end_s", "s", 1, std::vector<double>{2, 9}}}};
  rows = rows_from_table(faces, "name", "a2", "", 25.0);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].text, "Ada Lovelace");
  EXPECT_DOUBLE_EQ(rows[0].end_s, 9.0);
  Table none{"x", {{"score", "", 1, std::vector<double>{1}}}};
  EXPECT_TRUE(rows_from_table(none, "text", "a", "", 25).empty());
}

TEST(SearchCli, FindsRowsAsJson) {
  const fs::path f = build(kRows);
  const fs::path out = f.parent_path().parent_path();
  int status = -1;
  const std::string js = reelscale::testing::run_capture(
      reelscale::testing::shell_quote(reelscale::testing::reelscale_binary().string()) + " search " +
          reelscale::testing::shell_quote(out.string()) + " 'القُدْس' --json -k 3",
      &status);
  ASSERT_EQ(status, 0) << js;
  const auto j = nlohmann::json::parse(js);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["asset"], "a2");
  EXPECT_EQ(j[0]["kind"], "text");
  EXPECT_DOUBLE_EQ(j[0]["start_s"].get<double>(), 3.0);
  EXPECT_NE(reelscale::testing::run_capture(reelscale::testing::shell_quote(reelscale::testing::reelscale_binary().string()) +
                                            " search " + reelscale::testing::shell_quote(out.string()) + " storm")
                .find("a1 /in/news.mpg [00:00:12.000 - 00:00:15.500] text: BREAKING NEWS: [Storm]"),
            std::string::npos);
}

TEST(SidecarTables, JsonArrayToTable) {
  const auto j = nlohmann::json::parse(
      R"([{"text":"SALE","lang":"eng","start":1.0,"end":2.5,"box":[1,2,3,4],"confidence":0.9},
          {"text":"سوق","lang":"ara","start":3,"end":4,"box":[1,2,3,4],"confidence":0.8}])");
  const auto t = table_from_json_array("text", j);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->rows(), 2u);
  EXPECT_THROW(t->column("box"), std::out_of_range);  // arrays are left out
  const auto rows = rows_from_table(*t, "text", "a", "", 25);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_DOUBLE_EQ(rows[1].start_s, 3.0);
  EXPECT_EQ(rows[1].text, "سوق");
  EXPECT_FALSE(table_from_json_array("x", nlohmann::json::array()).has_value());
}

// End to end: `reelscale run` on a dev programme builds OUT/index/fulltext.sqlite; OCR rows
// added to the asset's sidecar (as the on-screen text stage writes them: "text" array of
// {"text","lang","start","end","box","confidence"}, seconds) are found after --reindex in
// the right asset and time span, in English and in Arabic with harakat.
TEST(SearchEndToEnd, RunThenFindInsertedOcrRows) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  const fs::path video = corpus / "alternation_mjpeg.mov";
  if (!fs::exists(video)) GTEST_SKIP() << "no " << video;
  using reelscale::testing::shell_quote;
  const fs::path out = reelscale::testing::scratch_dir("fulltext_e2e") / "out";
  const std::string bin = shell_quote(reelscale::testing::reelscale_binary().string());
  ASSERT_EQ(reelscale::testing::run_shell(bin + " run --no-scenes -i " + shell_quote(video.string()) + " -o " +
                                          shell_quote(out.string()) + " > /dev/null 2>&1"),
            0);
  ASSERT_TRUE(fs::exists(index_path(out))) << "run did not build the full-text index";
  fs::path sidecar;
  for (const auto& e : fs::directory_iterator(out / "assets"))
    if (e.path().extension() == ".json") sidecar = e.path();
  ASSERT_FALSE(sidecar.empty());
  auto j = nlohmann::json::parse(std::ifstream(sidecar));
  j["text"] = nlohmann::json::parse(
      R"([{"text":"PARLIAMENT OPENS","lang":"eng","start":4.0,"end":6.5,"box":[10,400,300,40],"confidence":0.93},
          {"text":"افتتاح البرلمان","lang":"ara","start":12.0,"end":15.0,"box":[10,400,300,40],"confidence":0.88}])");
  std::ofstream(sidecar) << j.dump();
  int status = -1;
  auto res = nlohmann::json::parse(reelscale::testing::run_capture(
      bin + " search " + shell_quote(out.string()) + " parliament --reindex --json", &status));
  ASSERT_EQ(status, 0);
  ASSERT_EQ(res.size(), 1u);
  EXPECT_EQ(res[0]["asset"], j["id"]);
  EXPECT_EQ(res[0]["path"], j["path"]);
  EXPECT_DOUBLE_EQ(res[0]["start_s"].get<double>(), 4.0);
  EXPECT_DOUBLE_EQ(res[0]["end_s"].get<double>(), 6.5);
  res = nlohmann::json::parse(
      reelscale::testing::run_capture(bin + " search " + shell_quote(out.string()) + " 'البَرْلَمَان' --json", &status));
  ASSERT_EQ(res.size(), 1u);
  EXPECT_DOUBLE_EQ(res[0]["start_s"].get<double>(), 12.0);
  EXPECT_EQ(res[0]["kind"], "text");
}

// The catalog path: an on-screen text table in the layout of the text area (text, lang,
// start_frame, end_frame, x, y, w, h, confidence; frames inclusive) written into the run's
// catalog by the test is indexed through CatalogReader::read_table, with times from frames.
TEST(SearchEndToEnd, RunThenFindCatalogTextTable) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  const fs::path video = corpus / "archive_mpeg4_avi.avi";
  if (!fs::exists(video)) GTEST_SKIP() << "no " << video;
  using reelscale::testing::shell_quote;
  const fs::path out = reelscale::testing::scratch_dir("fulltext_e2e_table") / "out";
  const std::string bin = shell_quote(reelscale::testing::reelscale_binary().string());
  ASSERT_EQ(reelscale::testing::run_shell(bin + " run --no-scenes -i " + shell_quote(video.string()) + " -o " +
                                          shell_quote(out.string()) + " > /dev/null 2>&1"),
            0);
  const fs::path h5 = out / "catalog.h5";
  std::vector<reelscale::AssetRecord> recs;
  {
    reelscale::catalog::CatalogReader r(h5);
    for (const auto& id : r.asset_ids()) recs.push_back(r.read_asset(id, true));
  }
  ASSERT_EQ(recs.size(), 1u);
  using reelscale::record::Table;
  recs[0].tables.push_back(Table{"text",
                                 {{"text", "", 1, std::vector<std::string>{"ساحة التحرير", "WEATHER TONIGHT"}},
                                  {"lang", "", 1, std::vector<std::string>{"ara", "eng"}},
                                  {"start_frame", "frames", 1, std::vector<std::int64_t>{100, 500}},
                                  {"end_frame", "frames", 1, std::vector<std::int64_t>{149, 574}},
                                  {"x", "px", 1, std::vector<double>{10, 10}},
                                  {"y", "px", 1, std::vector<double>{400, 20}},
                                  {"w", "px", 1, std::vector<double>{300, 200}},
                                  {"h", "px", 1, std::vector<double>{40, 30}},
                                  {"confidence", "", 1, std::vector<double>{0.9, 0.95}}}});
  {
    reelscale::catalog::CatalogWriter w(h5);
    w.write_asset(recs[0]);
    w.close();
  }
  int status = -1;
  auto res = nlohmann::json::parse(reelscale::testing::run_capture(
      bin + " search " + shell_quote(out.string()) + " weather --reindex --json", &status));
  ASSERT_EQ(status, 0);
  ASSERT_EQ(res.size(), 1u);
  EXPECT_EQ(res[0]["asset"], recs[0].id);
  EXPECT_NEAR(res[0]["start_s"].get<double>(), 500 / recs[0].fps, 1e-9);  // 20 s at 25 fps
  EXPECT_NEAR(res[0]["end_s"].get<double>(), 575 / recs[0].fps, 1e-9);
  res = nlohmann::json::parse(
      reelscale::testing::run_capture(bin + " search " + shell_quote(out.string()) + " 'التَّحْرِير' --json", &status));
  ASSERT_EQ(res.size(), 1u);
  EXPECT_NEAR(res[0]["start_s"].get<double>(), 4.0, 1e-9);
}
