// Shot-boundary evaluation: truth parsing, TRECVID-style matching, scores,
// frame-selection figures, corpus evaluation, scene-boundary scores and the
// `reelscale eval` command.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "eval/scene_eval.hpp"
#include "eval/shot_eval.hpp"
#include "eval/truth.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace reelscale::eval;

namespace {

Boundary cut(std::int64_t f) { return {BoundaryClass::cut, "cut", f, f}; }
Boundary grad(std::int64_t s, std::int64_t e, const char* kind = "dissolve") {
  return {BoundaryClass::gradual, kind, s, e};
}

void write(const fs::path& p, const json& j) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << j.dump(1);
}

json truth_doc() {
  return json::parse(R"({
    "video": "prog.mp4", "frames": 250, "fps": "25",
    "transitions": [
      {"type": "cut", "frame": 50},
      {"type": "gradual", "kind": "dissolve", "start": 100, "end": 119},
      {"type": "cut", "frame": 150},
      {"type": "cut", "frame": 175}
    ],
    "scenes": [{"label": "s1", "start": 0, "end": 149},
               {"label": "slate", "start": 150, "end": 174},
               {"label": "s2", "start": 175, "end": 249}]
  })");
}

}  // namespace

TEST(EvalCounts, PrecisionRecallF1) {
  Counts c{8, 2, 0};
  EXPECT_DOUBLE_EQ(c.precision(), 0.8);
  EXPECT_DOUBLE_EQ(c.recall(), 1.0);
  EXPECT_DOUBLE_EQ(c.f1(), 16.0 / 18.0);
  Counts none;
  EXPECT_TRUE(none.empty());
  EXPECT_DOUBLE_EQ(none.precision(), 1.0);
  EXPECT_DOUBLE_EQ(none.recall(), 1.0);
  EXPECT_DOUBLE_EQ(none.f1(), 1.0);
  Counts missed_all{0, 0, 3};
  EXPECT_DOUBLE_EQ(missed_all.precision(), 1.0);  // nothing detected: vacuous
  EXPECT_DOUBLE_EQ(missed_all.recall(), 0.0);
  EXPECT_DOUBLE_EQ(missed_all.f1(), 0.0);
}

TEST(EvalMatch, CutToleranceIsTwoFrames) {
  auto r = match_boundaries({cut(100)}, {cut(102)});
  EXPECT_EQ(r.cut.tp, 1);
  r = match_boundaries({cut(100)}, {cut(98)});
  EXPECT_EQ(r.cut.tp, 1);
  r = match_boundaries({cut(100)}, {cut(103)});
  EXPECT_EQ(r.cut.tp, 0);
  EXPECT_EQ(r.cut.fn, 1);
  EXPECT_EQ(r.cut.fp, 1);
  r = match_boundaries({cut(100)}, {cut(103)}, 3);
  EXPECT_EQ(r.cut.tp, 1);
}

TEST(EvalMatch, GradualTruthMatchedAnywhereInItsWidenedSpan) {
  const auto t = grad(100, 119);
  EXPECT_TRUE(compatible(t, cut(98), 2));
  EXPECT_TRUE(compatible(t, cut(110), 2));
  EXPECT_TRUE(compatible(t, cut(121), 2));
  EXPECT_FALSE(compatible(t, cut(97), 2));
  EXPECT_FALSE(compatible(t, cut(122), 2));
  EXPECT_TRUE(compatible(t, grad(120, 140), 2));
  EXPECT_TRUE(compatible(t, grad(80, 98), 2));
  EXPECT_FALSE(compatible(t, grad(80, 97), 2));
  auto r = match_boundaries({t}, {cut(110)});
  EXPECT_EQ(r.gradual.tp, 1);  // counted in the truth's class
  EXPECT_EQ(r.cut.fp, 0);
}

TEST(EvalMatch, DetectedGradualSpanningATruthCutMatches) {
  auto r = match_boundaries({cut(50)}, {grad(40, 48)});
  EXPECT_EQ(r.cut.tp, 1);
  r = match_boundaries({cut(50)}, {grad(40, 47)});
  EXPECT_EQ(r.cut.tp, 0);
  EXPECT_EQ(r.gradual.fp, 1);  // false alarm in the detector's class
  EXPECT_EQ(r.cut.fn, 1);
}

TEST(EvalMatch, OneToOneSecondDetectionInsideATransitionIsFalse) {
  auto r = match_boundaries({grad(100, 119)}, {cut(104), cut(112)});
  EXPECT_EQ(r.all.tp, 1);
  EXPECT_EQ(r.all.fp, 1);
  EXPECT_EQ(r.all.fn, 0);
  ASSERT_EQ(r.pairs.size(), 1u);
  ASSERT_EQ(r.false_alarms.size(), 1u);
}

TEST(EvalMatch, GreedyTakesTheClosestPairFirst) {
  // Detection 12 is compatible with both truth cuts; it goes to 13 (gap 1), and
  // detection 9 to 10, so both truths match.
  auto r = match_boundaries({cut(10), cut(13)}, {cut(9), cut(12)});
  EXPECT_EQ(r.cut.tp, 2);
  // Same gap: a same-class detection is preferred.
  r = match_boundaries({grad(100, 110)}, {cut(105), grad(101, 109)});
  ASSERT_EQ(r.pairs.size(), 1u);
  EXPECT_EQ(r.pairs[0].second, 1u);
  EXPECT_EQ(r.cut.fp, 1);
}

TEST(EvalMatch, ClassCountsAddUpToAll) {
  std::vector<Boundary> truth = {cut(10), grad(40, 60), cut(90), grad(120, 130)};
  std::vector<Boundary> det = {cut(11), cut(50), grad(88, 92), cut(200), grad(300, 310)};
  auto r = match_boundaries(truth, det);
  EXPECT_EQ(r.cut.tp + r.gradual.tp, r.all.tp);
  EXPECT_EQ(r.cut.fp + r.gradual.fp, r.all.fp);
  EXPECT_EQ(r.cut.fn + r.gradual.fn, r.all.fn);
  EXPECT_EQ(r.all.tp, 3);
  EXPECT_EQ(r.all.fn, 1);
  EXPECT_EQ(r.all.fp, 2);
  EXPECT_EQ(r.gradual.fn, 1);
}

TEST(EvalTruth, ParsesTheCorpusFormat) {
  auto t = parse_truth(truth_doc());
  EXPECT_EQ(t.video, "prog.mp4");
  EXPECT_EQ(t.frames, 250);
  EXPECT_DOUBLE_EQ(t.fps, 25.0);
  ASSERT_EQ(t.transitions.size(), 4u);
  EXPECT_EQ(t.transitions[1].cls, BoundaryClass::gradual);
  EXPECT_EQ(t.transitions[1].kind, "dissolve");
  EXPECT_EQ(t.transitions[1].start, 100);
  EXPECT_EQ(t.transitions[1].end, 119);
  ASSERT_EQ(t.slates.size(), 1u);
  EXPECT_EQ(t.slates[0].first, 150);
  EXPECT_NEAR(parse_rate("30000/1001"), 29.97003, 1e-4);
  EXPECT_DOUBLE_EQ(parse_rate("bogus"), 0.0);
  EXPECT_THROW(parse_truth(json::parse(R"({"video": "x"})")), std::runtime_error);
  EXPECT_THROW(parse_truth(json::parse(R"({"video": "x", "transitions": [{"type": "cut"}]})")), std::runtime_error);
}

TEST(EvalTruth, ParsesSidecarTransitionsAndSelections) {
  auto d = parse_detections(json::parse(R"({
    "path": "/data/prog.mp4", "frames": 250,
    "transitions": [{"type": "wipe", "start": 30, "end": 20}, {"type": "cut", "start": 5, "end": 5}],
    "selected_frames": [{"frame": 7, "shot": 0}, {"frame": 3}]
  })"));
  EXPECT_EQ(d.path, "/data/prog.mp4");
  ASSERT_EQ(d.transitions.size(), 2u);
  EXPECT_EQ(d.transitions[0].cls, BoundaryClass::cut);
  EXPECT_EQ(d.transitions[1].cls, BoundaryClass::gradual);
  EXPECT_EQ(d.transitions[1].start, 20);  // reversed span repaired
  ASSERT_TRUE(d.selected_frames.has_value());
  EXPECT_EQ(*d.selected_frames, (std::vector<std::int64_t>{3, 7}));
  auto none = parse_detections(json::parse(R"({"path": "a.mp4"})"));
  EXPECT_TRUE(none.transitions.empty());
  EXPECT_FALSE(none.selected_frames.has_value());
}

TEST(EvalSelection, CoverageSkipsSlatesAndShortShots) {
  auto t = parse_truth(truth_doc());
  // Truth shots: 0-49, 50-99, (100-119 blended), 120-149, 150-174 slate, 175-249.
  auto s = selection_stats(t, {10, 60, 130, 200});
  EXPECT_EQ(s.long_shots, 4);
  EXPECT_EQ(s.slate_shots, 1);
  EXPECT_EQ(s.covered, 4);
  EXPECT_EQ(s.one_fps, 10);
  EXPECT_NEAR(s.reduction(), 0.6, 1e-12);
  s = selection_stats(t, {10, 60});
  EXPECT_EQ(s.covered, 2);
  EXPECT_DOUBLE_EQ(s.coverage(), 0.5);
}

TEST(EvalCorpus, ScoresSidecarsMatchedByVideoName) {
  const auto dir = reelscale::testing::scratch_dir("eval-corpus");
  write(dir / "truth" / "prog.truth.json", truth_doc());
  auto t2 = json::parse(R"({"video": "other.mov", "frames": 100, "fps": "25",
                            "transitions": [{"type": "cut", "frame": 40}]})");
  write(dir / "truth" / "other.truth.json", t2);
  auto t3 = json::parse(R"({"video": "absent.avi", "frames": 100, "fps": "25",
                            "transitions": [{"type": "cut", "frame": 60}]})");
  write(dir / "truth" / "absent.truth.json", t3);
  write(dir / "out" / "assets" / "0123456789abcdef.json", json::parse(R"({"path": "/media/x/prog.mp4", "transitions": [
          {"type": "cut", "start": 51, "end": 51}, {"type": "dissolve", "start": 98, "end": 121},
          {"type": "cut", "start": 150, "end": 150}, {"type": "cut", "start": 176, "end": 176},
          {"type": "cut", "start": 220, "end": 220}],
          "selected_frames": [{"frame": 10}, {"frame": 60}, {"frame": 130}, {"frame": 200}]})"));
  write(dir / "out" / "assets" / "fedcba9876543210.json",
        json::parse(R"({"path": "/media/y/other.mov", "transitions": [{"type": "cut", "start": 40, "end": 40}]})"));
  write(dir / "out" / "assets" / "broken.json", json::parse(R"({"path": 3})"));

  auto r = evaluate_corpus(dir / "truth", dir / "out");
  ASSERT_EQ(r.files.size(), 3u);
  // sorted by truth file name: absent, other, prog
  EXPECT_FALSE(r.files[0].found);
  EXPECT_EQ(r.files[0].match.all.fn, 1);
  EXPECT_TRUE(r.files[1].found);
  EXPECT_DOUBLE_EQ(r.files[1].match.all.f1(), 1.0);
  const auto& p = r.files[2];
  EXPECT_EQ(p.match.all.tp, 4);
  EXPECT_EQ(p.match.all.fp, 1);
  EXPECT_EQ(p.match.gradual.tp, 1);
  ASSERT_TRUE(p.selection.has_value());
  EXPECT_EQ(p.selection->covered, 4);
  EXPECT_EQ(r.pooled_all.tp, 5);
  EXPECT_EQ(r.pooled_all.fp, 1);
  EXPECT_EQ(r.pooled_all.fn, 1);
  EXPECT_NEAR(r.mean_all.f1, (0.0 + 1.0 + 8.0 / 9.0) / 3.0, 1e-12);
  EXPECT_EQ(r.mean_gradual.files, 1);
  EXPECT_FALSE(r.warnings.empty());

  auto j = to_json(r);
  EXPECT_EQ(j["files"].size(), 3u);
  EXPECT_EQ(j["pooled"]["all"]["tp"], 5);
  EXPECT_TRUE(j["mean"]["all"].contains("f1"));
  const auto table = format_table(r, true);
  EXPECT_NE(table.find("prog.mp4"), std::string::npos);
  EXPECT_NE(table.find("OVERALL pooled"), std::string::npos);
  EXPECT_NE(table.find("false cut@220"), std::string::npos);

  EXPECT_THROW(evaluate_corpus(dir / "out", dir / "out"), std::runtime_error);
}

TEST(EvalScenes, ScoresSceneBoundariesOfSidecars) {
  const auto dir = reelscale::testing::scratch_dir("eval-scenes");
  // prog: truth scenes s1 0-149, slate 150-174, s2 175-249 -> one boundary, 175
  // (the slate folds into the scene before). Detected scene starts 0, 170, 230.
  write(dir / "truth" / "prog.truth.json", truth_doc());
  auto t2 = truth_doc();
  t2["video"] = "nosidecar.mp4";
  write(dir / "truth" / "nosidecar.truth.json", t2);
  auto t3 = json::parse(R"({"video": "noscenes.mov", "frames": 100, "fps": "25", "transitions": []})");
  write(dir / "truth" / "noscenes.truth.json", t3);
  write(dir / "out" / "assets" / "a.json", json::parse(R"({"path": "/m/prog.mp4", "transitions": [],
                        "scenes": [{"start": 0, "end": 169}, {"start": 170, "end": 229}, {"start": 230, "end": 249}]})"));
  write(dir / "out" / "assets" / "b.json", json::parse(R"({"path": "/m/noscenes.mov", "transitions": []})"));

  const auto shots = evaluate_corpus(dir / "truth", dir / "out");
  const auto r = evaluate_scenes(shots);
  ASSERT_EQ(r.files.size(), 2u) << "noscenes.mov has no truth scenes";
  // sorted by truth file name: nosidecar, prog
  EXPECT_FALSE(r.files[0].found);
  EXPECT_EQ(r.files[0].score.truth, 1);
  EXPECT_EQ(r.files[0].score.detected, 0);
  EXPECT_DOUBLE_EQ(r.files[0].score.f1, 0.0);
  const auto& p = r.files[1];
  EXPECT_TRUE(p.found);
  EXPECT_EQ(p.truth, (std::vector<std::int64_t>{175}));
  EXPECT_EQ(p.detected, (std::vector<std::int64_t>{170, 230}));
  EXPECT_EQ(p.score.matched, 1);
  EXPECT_DOUBLE_EQ(p.score.precision, 0.5);
  EXPECT_DOUBLE_EQ(p.score.recall, 1.0);
  EXPECT_EQ(r.pooled.truth, 2);
  EXPECT_EQ(r.pooled.detected, 2);
  EXPECT_EQ(r.pooled.matched, 1);
  EXPECT_DOUBLE_EQ(r.pooled.f1, 0.5);
  EXPECT_NEAR(r.mean_f1, (0.0 + 2.0 / 3.0) / 2.0, 1e-12);
  // A tighter tolerance loses the 5-frame match.
  EXPECT_EQ(evaluate_scenes(shots, 4).files[1].score.matched, 0);
  const auto j = to_json(r);
  EXPECT_EQ(j["pooled"]["matched"], 1);
  EXPECT_EQ(j["files"][1]["detected_boundaries"].size(), 2u);
  const auto table = format_scene_table(r, true);
  EXPECT_NE(table.find("prog.mp4"), std::string::npos);
  EXPECT_NE(table.find("detected 170 230"), std::string::npos);
}

TEST(EvalCli, PrintsJsonScores) {
  const auto bin = reelscale::testing::reelscale_binary();
  if (!fs::exists(bin)) GTEST_SKIP() << "reelscale binary not built: " << bin;
  const auto dir = reelscale::testing::scratch_dir("eval-cli");
  write(dir / "truth" / "prog.truth.json", truth_doc());
  write(dir / "out" / "assets" / "a.json", json::parse(R"({"path": "/m/prog.mp4", "transitions": [
          {"type": "cut", "start": 50, "end": 50}, {"type": "dissolve", "start": 100, "end": 119},
          {"type": "cut", "start": 150, "end": 150}, {"type": "cut", "start": 175, "end": 175}]})"));
  using reelscale::testing::shell_quote;
  int status = -1;
  const auto out = reelscale::testing::run_capture(shell_quote(bin.string()) + " eval --truth " +
                                                       shell_quote((dir / "truth").string()) + " --out " +
                                                       shell_quote((dir / "out").string()) + " --json 2>/dev/null",
                                                   &status);
  ASSERT_EQ(status, 0) << out;
  auto j = json::parse(out);
  EXPECT_DOUBLE_EQ(j["pooled"]["all"]["f1"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(j["mean"]["cut"]["recall"].get<double>(), 1.0);
  EXPECT_EQ(j["scenes"]["files"].size(), 1u);  // the sidecar has no scenes: scored as none detected
  EXPECT_EQ(j["scenes"]["pooled"]["detected"], 0);
  const auto table = reelscale::testing::run_capture(shell_quote(bin.string()) + " eval --truth " +
                                                         shell_quote((dir / "truth").string()) + " --out " +
                                                         shell_quote((dir / "out").string()),
                                                     &status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(table.find("OVERALL mean over files"), std::string::npos);
  reelscale::testing::run_capture(
      shell_quote(bin.string()) + " eval --truth /nonexistent --out " + shell_quote((dir / "out").string()) + " 2>&1",
      &status);
  EXPECT_NE(status, 0);
}
