// On-screen text: normalisation/CER, OCR on real frames of corpus/ocr against its truth
// file, and the TextAnalyser's merge of readings into occurrences.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "analysis/sample_runs.hpp"
#include "record/asset_record.hpp"
#include "support/test_support.hpp"
#include "text/ocr_engine.hpp"
#include "text/ocr_eval.hpp"
#include "text/text_analyser.hpp"
#include "text/text_normalise.hpp"
#include "text/text_stage.hpp"
#include "util/model_dir.hpp"

using namespace reelscale;

namespace {

std::optional<std::filesystem::path> ocr_corpus() {
  auto dev = reelscale::testing::corpus_dir();
  if (!dev) return std::nullopt;
  auto p = dev->parent_path() / "ocr";
  if (!std::filesystem::exists(p / "truth.json")) return std::nullopt;
  return p;
}

std::shared_ptr<text::OcrEngine> make_engine() {
  auto m = util::find_model("text", "ppocrv4_det.onnx");
  if (!m) return nullptr;
  // the settings of `reelscale run` (the 256 px gate for video frames included)
  return std::make_shared<text::OcrEngine>(text::run_ocr_options("ara+eng", *m));
}

/// Scores the engine on the truth entries whose file number is in [first, last], each read
/// as a video sample (`gate`, the default) or as a still.
std::map<std::string, text::OcrScore> score_range(text::OcrEngine& eng, const std::filesystem::path& corpus, int first,
                                                  int last, bool gate = true) {
  auto truth = text::read_ocr_truth(corpus / "truth.json");
  nlohmann::json sub = nlohmann::json::array();
  std::map<std::string, std::vector<text::PredLine>> pred;
  for (const auto& t : truth) {
    const std::string f = t["file"];
    const int n = std::stoi(f.substr(7, 3));
    if (n < first || n > last) continue;
    sub.push_back(t);
    for (auto& l : eng.read(cv::imread((corpus / f).string()), gate)) pred[f].push_back({l.text, l.box});
  }
  return text::score_ocr(sub, pred);
}

}  // namespace

#define REQUIRE_OCR(corpus, eng)                                                             \
  auto corpus##_o = ocr_corpus();                                                            \
  if (!corpus##_o) GTEST_SKIP() << "corpus/ocr not found next to the dev corpus";           \
  auto eng = make_engine();                                                                  \
  if (!eng) GTEST_SKIP() << "text model absent: run models/text/prepare.sh";                \
  const auto corpus = *corpus##_o

TEST(TextNormalise, NfkcHarakatCaseAndSpace) {
  // U+FEFB (lam-alef ligature) -> U+0644 U+0627; fatha/shadda and tatweel dropped
  EXPECT_EQ(text::normalise_for_cer("\uFEFB"), text::normalise_for_cer("\u0644\u0627"));
  EXPECT_EQ(text::normalise_for_cer("\u0645\u064E\u0640\u062D\u0645\u0651\u062F"), text::to_u32("\u0645\u062D\u0645\u062F"));
  EXPECT_EQ(text::normalise_for_cer("  Hello \t\n WORLD "), text::to_u32("hello world"));
  EXPECT_EQ(text::normalise_for_cer("\uFB01le"), text::to_u32("file"));  // fi ligature
}

TEST(TextNormalise, EditAndSubstringDistance) {
  EXPECT_EQ(text::edit_distance(U"kitten", U"sitting"), 3u);
  EXPECT_EQ(text::substring_distance(U"theatre", U"genexts theatre (06)"), 0u);
  EXPECT_EQ(text::substring_distance(U"genaxis", U"genexts theatre"), 2u);
  EXPECT_TRUE(text::has_arabic(U"\u0645\u0635\u0631"));
  EXPECT_FALSE(text::has_arabic(U"75%-50%"));
}

TEST(TextOcr, VideoFramesEnglishWithinBar) {
  REQUIRE_OCR(corpus, eng);
  const auto s = score_range(*eng, corpus, 42, 47);  // the six video frames of corpus/ocr
  ASSERT_GT(s.at("en").lines, 10u);
  EXPECT_LE(s.at("en").cer(), 0.10);
  EXPECT_GE(s.at("en").found_rate(), 0.90);
}

TEST(TextOcr, ArabicBookLinesWithinBar) {
  REQUIRE_OCR(corpus, eng);
  const auto s = score_range(*eng, corpus, 20, 25);  // the six printed Arabic book lines
  ASSERT_EQ(s.at("ar").lines, 6u);
  EXPECT_LE(s.at("ar").cer(), 0.15);
}

// corpus/ocr 018: a red sale banner whose two Arabic lines sit close; at its own size (190 px)
// the detector merges them into one box that a line reader cannot read; with the short
// side scaled up to 384 px they separate and both are read.
TEST(TextOcr, CloseSignLinesSeparatedByUpscaledDetection) {
  REQUIRE_OCR(corpus, eng);
  const auto s = score_range(*eng, corpus, 18, 18, /*gate=*/false);  // read as a still
  ASSERT_EQ(s.at("ar").lines, 2u);  // تنزيلات / رائعة (the digits line 75%-50% scores as "en")
  EXPECT_EQ(s.at("ar").found, 2u);
  EXPECT_LE(s.at("ar").cer(), 0.25);
}

// A still (one sample) is read without the 256 px detector gate: corpus/ocr 026 (a
// 1280x720 ICDAR 2015 photo whose words are 13-16 px tall) has its truth lines found.
TEST(TextAnalyser, StillImageReadWithoutTheGate) {
  REQUIRE_OCR(corpus, eng);
  text::TextAnalyser a(eng);
  const cv::Mat img = cv::imread((corpus / "images/026.jpg").string());
  a.analyse({0, 0.0, img, 1.0});
  const auto res = a.finish(AssetRecord{});
  std::map<std::string, std::vector<text::PredLine>> pred;
  for (const auto& o : res.sidecar) pred["images/026.jpg"].push_back({o["text"].get<std::string>(), {}});
  nlohmann::json sub = nlohmann::json::array();
  for (const auto& t : text::read_ocr_truth(corpus / "truth.json"))
    if (t["file"] == "images/026.jpg") sub.push_back(t);
  const auto s = text::score_ocr(sub, pred);
  ASSERT_EQ(s.at("en").lines, 4u);
  EXPECT_GE(s.at("en").found, 3u) << res.sidecar.dump();
}

TEST(TextAnalyser, MergesReadingsPerShot) {
  REQUIRE_OCR(corpus, eng);
  text::TextAnalyser a(eng);
  const cv::Mat f1 = cv::imread((corpus / "images/042.png").string());
  const cv::Mat f2 = cv::imread((corpus / "images/046.png").string());
  for (std::int64_t fr : {0, 25, 50}) a.analyse({fr, fr / 25.0, f1, 1.0});
  for (std::int64_t fr : {75, 100}) a.analyse({fr, fr / 25.0, f2, 1.0});
  AssetRecord rec;
  rec.fps = 25;
  rec.shots.shots = {{0, 74, 0, 3}, {75, 149, 3, 6}};
  const auto res = a.finish(rec);
  ASSERT_EQ(res.tables.size(), 1u);
  const auto& t = res.tables[0];
  EXPECT_EQ(t.name, "text");
  ASSERT_EQ(t.rows(), res.sidecar.size());
  bool wanna = false, omidyar = false;
  for (const auto& o : res.sidecar) {
    const std::string s = o["text"];
    if (s == "WANNA WORK") {
      wanna = true;
      EXPECT_EQ(o["start"], 0);
      EXPECT_EQ(o["end"], 50);
      EXPECT_EQ(o["lang"], "eng");
    }
    if (s == "Omidyar Network") {
      omidyar = true;
      EXPECT_EQ(o["start"], 75);
      EXPECT_EQ(o["end"], 100);
    }
    EXPECT_EQ(o["box"].size(), 4u);
  }
  EXPECT_TRUE(wanna) << res.sidecar.dump();
  EXPECT_TRUE(omidyar);
  for (const char* c : {"text", "lang", "start_frame", "end_frame", "x", "y", "w", "h", "confidence"})
    EXPECT_NO_THROW(t.column(c));
}

TEST(TextAnalyser, SameTextInTwoShotsIsTwoOccurrences) {
  text::OcrLine l{"EXIT", "eng", {10, 10, 50, 20}, 0.9};
  const auto occ = text::merge_readings({{0, l}, {25, l}, {100, l}}, [](std::int64_t f) { return f < 50 ? 0 : 1; }, {});
  ASSERT_EQ(occ.size(), 2u);
  EXPECT_EQ(occ[0].start_frame, 0);
  EXPECT_EQ(occ[0].end_frame, 25);
  EXPECT_EQ(occ[1].start_frame, 100);
}

// Which samples are read once shots and selected frames are known (analysis/sample_runs.hpp).
TEST(SampleRuns, NearestSampleOfTheSelectedFramesShotOneRunPerContent) {
  const cv::Mat a(9, 16, CV_8UC1, cv::Scalar(40)), b(9, 16, CV_8UC1, cv::Scalar(200));
  // samples at 1 Hz (25 fps): frames 0..150; content a in 0..50, b in 75..150; shots cut at 60
  std::vector<std::int64_t> frames{100, 0, 25, 50, 75, 125, 150};
  std::vector<cv::Mat> thumbs{b, a, a, a, b, b, b};
  AssetRecord rec;
  rec.shots.shots = {{0, 59, 0, 2.4}, {60, 174, 2.4, 7}};
  rec.shots.selected_frames = {{30, 1.2, 0, 0, 0, 0}, {62, 2.48, 1, 0, 0, 0}, {140, 5.6, 1, 1, 0, 0}};
  const auto runs = analysis::plan_sample_runs(frames, thumbs, rec);
  ASSERT_EQ(runs.size(), 2u);  // the two selected frames of shot 1 fall in one run of content b
  EXPECT_EQ(frames[runs[0].rep], 25);  // nearest to 30 in shot 0
  EXPECT_EQ(runs[0].members.size(), 3u);
  EXPECT_EQ(frames[runs[1].rep], 75);  // nearest to 62 within shot 1 (50 is nearer but in shot 0)
  EXPECT_EQ(runs[1].members.size(), 4u);
  // no selected frames: every sample is its own run
  rec.shots.selected_frames.clear();
  EXPECT_EQ(analysis::plan_sample_runs(frames, thumbs, rec).size(), frames.size());
}
