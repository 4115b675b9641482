// Commercial-break and insertion-point scoring (eval/adbreak_eval.hpp) on small
// hand-made truth files and sidecars, and through `reelscale eval --json`.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "eval/adbreak_eval.hpp"
#include "eval/shot_eval.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace reelscale::eval;

namespace {

void write(const fs::path& p, const json& j) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << j.dump(1);
}

/// A 1000-frame programme: breaks 200-399 and 700-799; acceptable insertion ranges
/// 100 (cut), 150-160 (fade) and 600-601; ladder windows 50-249 and 550-749.
json truth_doc() {
  return json::parse(R"({
    "video": "lf.mpg", "frames": 1000, "fps": "25",
    "transitions": [{"type": "cut", "frame": 100}],
    "scenes": [{"label": "a", "start": 0, "end": 99}, {"label": "b", "start": 100, "end": 999}],
    "commercial_breaks": [{"start": 200, "end": 399}, {"start": 700, "end": 799}],
    "insertion_points_ok": [{"start": 100, "end": 100, "kind": "cut"},
                            {"start": 150, "end": 160, "kind": "fadeblack"},
                            {"start": 600, "end": 601, "kind": "cut"}],
    "ladder": {"interval_s": 12, "tolerance_s": 4,
               "windows": [{"k": 1, "start": 50, "end": 249, "ok": [0, 1]},
                           {"k": 2, "start": 550, "end": 749, "ok": [2]}]}
  })");
}

json sidecar_doc(const json& breaks, const json& points) {
  return {{"path", "/data/lf.mpg"}, {"frames", 1000}, {"transitions", json::array({{{"type", "cut"}, {"start", 100}, {"end", 100}}})},
          {"commercial_breaks", breaks}, {"insertion_points", points}};
}

}  // namespace

TEST(AdBreakEval, RangeIou) {
  EXPECT_DOUBLE_EQ(range_iou({0, 9}, {0, 9}), 1.0);
  EXPECT_DOUBLE_EQ(range_iou({0, 9}, {5, 14}), 5.0 / 15.0);
  EXPECT_DOUBLE_EQ(range_iou({0, 9}, {10, 19}), 0.0);  // inclusive ranges that only touch
  EXPECT_DOUBLE_EQ(range_iou({0, 9}, {9, 9}), 0.1);
  EXPECT_DOUBLE_EQ(range_iou({5, 4}, {0, 9}), 0.0);  // empty range
}

TEST(AdBreakEval, BreaksOneToOneAndFalseSpans) {
  // truth 200-399 split into two detections: the larger piece matches, the other is a false span
  const auto s = score_breaks({{200, 399}, {700, 799}}, {{200, 299}, {300, 399}, {705, 799}, {900, 950}});
  ASSERT_EQ(s.iou.size(), 2u);
  EXPECT_DOUBLE_EQ(s.iou[0], 0.5);
  EXPECT_DOUBLE_EQ(s.iou[1], 95.0 / 100.0);
  EXPECT_EQ(s.match[1], 2);
  ASSERT_EQ(s.false_spans.size(), 2u);  // one half of the split break and 900-950
  EXPECT_EQ(s.false_spans[1], 3u);
  EXPECT_DOUBLE_EQ(s.min_iou(), 0.5);
  // a missed break scores 0
  const auto m = score_breaks({{200, 399}}, {});
  EXPECT_DOUBLE_EQ(m.min_iou(), 0.0);
  EXPECT_TRUE(m.false_spans.empty());
  // nothing to find, nothing found
  EXPECT_DOUBLE_EQ(score_breaks({}, {}).min_iou(), 1.0);
}

TEST(AdBreakEval, InsertionPrecisionAndLadderRecall) {
  const std::vector<FrameRange> ok = {{100, 100}, {150, 160}, {600, 601}};
  const std::vector<FrameRange> win = {{50, 249}, {550, 749}};
  // 101 is one frame off an exact cut: not acceptable at tolerance 0, acceptable at 1
  auto s = score_insertion_points({155, 101, 900}, ok, win);
  EXPECT_EQ(s.points, (std::vector<std::int64_t>{101, 155, 900}));
  EXPECT_EQ(s.ok_points(), 1);
  EXPECT_NEAR(s.precision(), 1.0 / 3.0, 1e-12);
  EXPECT_EQ(s.served_windows(), 1);  // window 1 holds 101 and 155; window 2 nothing (900 outside)
  EXPECT_DOUBLE_EQ(s.recall(), 0.5);
  EXPECT_EQ(s.served_ok_windows(), 1);
  s = score_insertion_points({155, 101, 900}, ok, win, 1);
  EXPECT_EQ(s.ok_points(), 2);
  // a point in a window that is not acceptable serves the window but not served_ok
  s = score_insertion_points({700}, ok, win);
  EXPECT_EQ(s.served_windows(), 1);
  EXPECT_EQ(s.served_ok_windows(), 0);
  EXPECT_DOUBLE_EQ(s.precision(), 0.0);
  // no points: precision 1 by convention, recall 0
  s = score_insertion_points({}, ok, win);
  EXPECT_DOUBLE_EQ(s.precision(), 1.0);
  EXPECT_DOUBLE_EQ(s.recall(), 0.0);
}

TEST(AdBreakEval, CorpusFromFiles) {
  const fs::path dir = fs::path(testing::TempDir()) / "adbreak_eval_corpus";
  fs::remove_all(dir);
  write(dir / "truth" / "lf.truth.json", truth_doc());
  write(dir / "out" / "assets" / "abc.json",
        sidecar_doc(json::parse(R"([{"start": 200, "end": 399}, {"start": 690, "end": 799}, {"start": 500, "end": 520}])"),
                    json::parse(R"([{"frame": 100}, {"frame": 601}, {"frame": 640}])")));
  const auto shots = evaluate_corpus(dir / "truth", dir / "out");
  const auto r = evaluate_ad_breaks(shots);
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_TRUE(r.files[0].found);
  EXPECT_EQ(r.truth_breaks, 2);
  EXPECT_EQ(r.false_spans, 1);
  EXPECT_DOUBLE_EQ(r.min_iou, 100.0 / 110.0);
  EXPECT_DOUBLE_EQ(r.mean_iou, (1.0 + 100.0 / 110.0) / 2);
  EXPECT_EQ(r.points, 3);
  EXPECT_EQ(r.ok_points, 2);
  EXPECT_EQ(r.served, 2);
  EXPECT_DOUBLE_EQ(r.recall(), 1.0);
  const auto j = to_json(r);
  EXPECT_EQ(j["breaks"]["false_spans"], 1);
  EXPECT_EQ(j["files"][0]["breaks"]["false_spans"][0]["start"], 500);
  EXPECT_EQ(j["files"][0]["insertion_points"]["point_ok"], json::parse("[true, true, false]"));
  const auto table = format_ad_break_table(r, true);
  EXPECT_NE(table.find("lf.mpg"), std::string::npos);
  EXPECT_NE(table.find("640(x)"), std::string::npos);
}

TEST(AdBreakEval, TruthWithoutBreakFieldsIsLeftOut) {
  const fs::path dir = fs::path(testing::TempDir()) / "adbreak_eval_none";
  fs::remove_all(dir);
  auto t = truth_doc();
  t.erase("commercial_breaks");
  t.erase("insertion_points_ok");
  write(dir / "truth" / "lf.truth.json", t);
  write(dir / "out" / "assets" / "abc.json", sidecar_doc(json::array(), json::array()));
  const auto r = evaluate_ad_breaks(evaluate_corpus(dir / "truth", dir / "out"));
  EXPECT_TRUE(r.files.empty());
}

TEST(AdBreakEval, EvalCommandJson) {
  const fs::path dir = fs::path(testing::TempDir()) / "adbreak_eval_cli";
  fs::remove_all(dir);
  write(dir / "truth" / "lf.truth.json", truth_doc());
  write(dir / "out" / "assets" / "abc.json",
        sidecar_doc(json::parse(R"([{"start": 200, "end": 399}])"), json::parse(R"([{"frame": 155}])")));
  const std::string cmd = std::string(REELSCALE_BINARY) + " eval --json --truth " + (dir / "truth").string() +
                          " --out " + (dir / "out").string() + " > " + (dir / "eval.json").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream in(dir / "eval.json");
  const auto j = json::parse(in);
  const auto& ab = j.at("ad_breaks");
  EXPECT_EQ(ab["breaks"]["truth"], 2);
  EXPECT_DOUBLE_EQ(ab["breaks"]["min_iou"].get<double>(), 0.0);  // 700-799 missed
  EXPECT_DOUBLE_EQ(ab["insertion_points"]["precision"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(ab["insertion_points"]["recall"].get<double>(), 0.5);
}
