// Shot boundaries, technical cues and dynamic frame selection.
// ShotsSynthetic*: FrameSeries built in memory from drawn images (kernels as the
// pipeline uses them). ShotsClips*: clips generated with the ffmpeg CLI (lavfi
// sources, concat, xfade) and analysed by the real pipeline. ShotsCorpus: the
// issue-3 targets on ../shared/corpus/dev.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "eval/shot_eval.hpp"
#include "pipeline/asset_pipeline.hpp"
#include "reelscale/kernels/frame_kernels.hpp"
#include "shots/boundaries.hpp"
#include "shots/cues.hpp"
#include "shots/frame_selection.hpp"
#include "shots/shot_analyser.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace reelscale;
namespace k = reelscale::kernels;
namespace rt = reelscale::testing;

namespace {

constexpr int kW = 128, kH = 96;

/// Appends one BGR frame's measures to a series, with the kernels the pipeline uses.
void add_frame(FrameSeries& s, const cv::Mat& bgr, double fps = 25.0) {
  cv::Mat gray, g32, small;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  cv::resize(gray, g32, cv::Size(32, 32), 0, 0, cv::INTER_AREA);
  cv::resize(bgr, small, cv::Size(64, 48), 0, 0, cv::INTER_AREA);
  k::GrayView gv{gray.data, gray.cols, gray.rows, std::ptrdiff_t(gray.step)};
  k::GrayView g32v{g32.data, 32, 32, std::ptrdiff_t(g32.step)};
  k::BgrView bv{small.data, small.cols, small.rows, std::ptrdiff_t(small.step)};
  const std::size_t i = s.size();
  s.pts_s.push_back(double(i) / fps);
  s.phash.push_back(k::phash64(g32v));
  s.laplacian_var.push_back(float(k::laplacian_variance(gv)));
  const auto ls = k::luma_stats(gv);
  s.black_fraction.push_back(ls.black_fraction);
  s.mean_luma.push_back(ls.mean_luma);
  const std::size_t h0 = s.hsv_hist.size();
  s.hsv_hist.resize(h0 + k::kHsvBins);
  k::hsv_histogram(bv, std::span<float>(s.hsv_hist.data() + h0, k::kHsvBins));
  const std::size_t t0 = s.thumb.size();
  s.thumb.resize(t0 + k::kThumbSide * k::kThumbSide);
  k::luma_thumbnail(g32v, std::span<std::uint8_t>(s.thumb.data() + t0, k::kThumbSide * k::kThumbSide));
  s.content_diff.push_back(i == 0 ? 0.f : k::histogram_distance(s.hist(i - 1), s.hist(i)));
}

/// A textured, coloured scene (random blobs on a seeded background), twice the
/// frame size so that frames can pan across it. Every draw is its own statement: the
/// order in which function arguments are evaluated is unspecified (g++ goes right to
/// left, clang++ left to right), so `cv::Scalar(c(rng), c(rng), c(rng))` drew different
/// scenes under the two compilers.
cv::Mat make_scene(unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> c(0, 255), x(0, 2 * kW), y(0, 2 * kH), r(4, 30);
  auto colour = [&] {
    const int b = c(rng), g = c(rng), red = c(rng);  // init-declarators are sequenced
    return cv::Scalar(b, g, red);
  };
  cv::Mat m(2 * kH, 2 * kW, CV_8UC3, colour());
  for (int i = 0; i < 60; ++i) {
    const cv::Point centre{x(rng), y(rng)};  // braced lists are evaluated left to right
    const int radius = r(rng);
    cv::circle(m, centre, radius, colour(), cv::FILLED);
  }
  for (int i = 0; i < 20; ++i) {
    const int left = x(rng), top = y(rng), w = r(rng) * 2, h = r(rng);
    cv::rectangle(m, cv::Rect(left, top, w, h), colour(), cv::FILLED);
  }
  cv::GaussianBlur(m, m, cv::Size(3, 3), 0);
  return m;
}

/// Frame t of a camera panning slowly (1 pixel per frame) back and forth over `scene`.
cv::Mat pan(const cv::Mat& scene, int t) {
  auto bounce = [](int v, int span) {
    const int p = v % (2 * span);
    return p < span ? p : 2 * span - 1 - p;
  };
  const int ox = bounce(t, kW), oy = bounce(t / 3, kH);
  return scene(cv::Rect(ox, oy, kW, kH)).clone();
}

cv::Mat blend(const cv::Mat& a, const cv::Mat& b, double alpha) {
  cv::Mat out;
  cv::addWeighted(a, 1.0 - alpha, b, alpha, 0.0, out);
  return out;
}

bool overlaps(const Transition& t, std::int64_t a, std::int64_t z, int tol = 2) {
  return t.start_frame <= z + tol && t.end_frame >= a - tol;
}

std::string describe(const ShotAnalysis& r) {
  std::string s;
  for (const auto& t : r.transitions)
    s += t.type + "@" + std::to_string(t.start_frame) + "-" + std::to_string(t.end_frame) + " ";
  return s;
}

}  // namespace

TEST(ShotsSynthetic, EmptySeriesAndUnknownRate) {
  FrameSeries empty;
  auto r = shots::analyse_shots(empty, 0.0);
  EXPECT_TRUE(r.transitions.empty());
  EXPECT_TRUE(r.shots.empty());
  EXPECT_TRUE(r.selected_frames.empty());
  FrameSeries one;
  add_frame(one, pan(make_scene(1), 0));
  r = shots::analyse_shots(one, 0.0);  // falls back to 25 fps
  ASSERT_EQ(r.shots.size(), 1u);
  EXPECT_NEAR(r.shots[0].end_s, 1.0 / 25.0, 1e-9);
  EXPECT_EQ(r.selected_frames.size(), 1u);
}

TEST(ShotsSynthetic, CutsAtKnownFramesIncludingAFiveFrameShot) {
  FrameSeries s;
  const cv::Mat a = make_scene(11), b = make_scene(12), c = make_scene(13), d = make_scene(14);
  for (int i = 0; i < 160; ++i) {
    const cv::Mat& sc = i < 40 ? a : i < 45 ? b : i < 100 ? c : d;
    add_frame(s, pan(sc, i));
  }
  auto r = shots::analyse_shots(s, 25.0);
  ASSERT_EQ(r.transitions.size(), 3u) << describe(r);
  const std::int64_t want[] = {40, 45, 100};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(r.transitions[std::size_t(i)].type, "cut");
    EXPECT_EQ(r.transitions[std::size_t(i)].start_frame, want[i]);
    EXPECT_EQ(r.transitions[std::size_t(i)].end_frame, want[i]);
  }
  ASSERT_EQ(r.shots.size(), 4u);
  EXPECT_EQ(r.shots[1].start_frame, 40);
  EXPECT_EQ(r.shots[1].end_frame, 44);
  EXPECT_NEAR(r.shots[1].start_s, 40 / 25.0, 1e-9);
  EXPECT_NEAR(r.shots[1].end_s, 45 / 25.0, 1e-9);

  // A minimum shot length above 5 frames merges the short shot away.
  shots::ShotOptions o;
  o.min_shot_s = 0.5;
  r = shots::analyse_shots(s, 25.0, o);
  EXPECT_EQ(r.transitions.size(), 2u) << describe(r);
}

TEST(ShotsSynthetic, FlashFramesAreNotCuts) {
  FrameSeries s;
  const cv::Mat a = make_scene(21);
  for (int i = 0; i < 120; ++i) {
    cv::Mat f = pan(a, i);
    if (i == 50 || i == 80 || i == 81) f.convertTo(f, -1, 1.6, 90);  // 1- and 2-frame flashes
    add_frame(s, f);
  }
  auto r = shots::analyse_shots(s, 25.0);
  EXPECT_TRUE(r.transitions.empty()) << describe(r);
}

TEST(ShotsSynthetic, FastMotionBurstIsNotACut) {
  FrameSeries s;
  const cv::Mat a = make_scene(31);
  int x = 0;
  for (int i = 0; i < 120; ++i) {
    x += (i >= 60 && i < 66) ? 9 : 1;  // a sudden whip pan of six frames
    add_frame(s, pan(a, x));
  }
  auto r = shots::analyse_shots(s, 25.0);
  for (const auto& t : r.transitions) EXPECT_NE(t.type, "cut") << describe(r);
}

/// Seed pairs of the two scenes of the dissolve and wipe sweeps (scene s, scene s + 1).
constexpr unsigned kFirstSeed = 41, kSeedPairs = 20;

/// A 20-frame dissolve (frames 50-69) between two scenes panning 1 px a frame.
FrameSeries dissolve_series(unsigned seed) {
  FrameSeries s;
  const cv::Mat a = make_scene(seed), b = make_scene(seed + 1);
  for (int i = 0; i < 120; ++i) {
    if (i < 50)
      add_frame(s, pan(a, i));
    else if (i < 70)
      add_frame(s, blend(pan(a, i), pan(b, i), double(i - 49) / 21.0));
    else
      add_frame(s, pan(b, i));
  }
  return s;
}

/// A left-to-right wipe (frames 50-65) between two scenes panning 1 px a frame.
FrameSeries wipe_series(unsigned seed) {
  FrameSeries s;
  const cv::Mat a = make_scene(seed), b = make_scene(seed + 1);
  for (int i = 0; i < 120; ++i) {
    cv::Mat f = pan(a, i);
    if (i >= 50) {
      const int edge = i >= 66 ? kW : kW * (i - 49) / 17;
      pan(b, i)(cv::Rect(0, 0, edge, kH)).copyTo(f(cv::Rect(0, 0, edge, kH)));
    }
    add_frame(s, f);
  }
  return s;
}

/// Over 20 scene pairs: whatever is found is one dissolve over the blend, two shots and
/// no selected frame inside the blend; and at least 13 of the 20 are found. The misses are
/// pairs whose pans change the picture over the blend's length more than half as much as
/// the blend does (grad_shot_ratio) or leave the blend under grad_ratio at the finest gap
/// (REELSCALE_SHOTS_DEBUG=1 prints each candidate); docs/shots.md has the figures. (Until
/// session 9 this test drew one pair with `cv::Scalar(c(rng), c(rng), c(rng))`, whose
/// argument order differs between g++ and clang++: it passed on g++'s pair only.)
TEST(ShotsSynthetic, DissolveIsOneGradualTransition) {
  int found = 0;
  for (unsigned seed = kFirstSeed; seed < kFirstSeed + 2 * kSeedPairs; seed += 2) {
    const auto r = shots::analyse_shots(dissolve_series(seed), 25.0);
    SCOPED_TRACE("scenes " + std::to_string(seed) + "/" + std::to_string(seed + 1) + ": " + describe(r));
    ASSERT_LE(r.transitions.size(), 1u);
    if (r.transitions.empty()) continue;
    ++found;
    EXPECT_EQ(r.transitions[0].type, "dissolve");
    EXPECT_TRUE(overlaps(r.transitions[0], 50, 69));
    EXPECT_GE(r.transitions[0].end_frame - r.transitions[0].start_frame, 5);
    ASSERT_EQ(r.shots.size(), 2u);
    for (const auto& f : r.selected_frames) EXPECT_TRUE(f.frame < 50 || f.frame > 69) << f.frame;
  }
  std::cout << "synthetic dissolves found: " << found << " of " << kSeedPairs << "\n";
  EXPECT_GE(found, 13);
}

/// A still shot, a 10-frame dissolve (60-69) into a short shaking handheld shot,
/// a cut (90) to a still shot. The shaking shot changes more per frame than the
/// still shots around it, so twin comparison alone (low threshold from the median
/// motion after the candidate, mostly the still shot) runs on through it up to the
/// cut, and that span is not a blend (betweenness, motion test). The span must end
/// where d(A, t) stops growing, at the end of the blend.
TEST(ShotsSynthetic, DissolveIntoAShakingShotEndsWhereTheBlendEnds) {
  const cv::Mat a = make_scene(61), b = make_scene(62), c = make_scene(63);
  const cv::Mat still_a = a(cv::Rect(0, 0, kW, kH)).clone(), still_c = c(cv::Rect(0, 0, kW, kH)).clone();
  for (const bool knee : {true, false}) {
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> jitter(-3, 3);
    auto shaking = [&] {
      const int dx = jitter(rng), dy = jitter(rng);
      return b(cv::Rect(kW / 2 + dx, kH / 2 + dy, kW, kH)).clone();
    };
    FrameSeries s;
    for (int i = 0; i < 200; ++i) {
      if (i < 60)
        add_frame(s, still_a);
      else if (i < 70)
        add_frame(s, blend(still_a, shaking(), double(i - 59) / 11.0));
      else if (i < 90)
        add_frame(s, shaking());
      else
        add_frame(s, still_c);
    }
    shots::ShotOptions o;  // defaults: spans end at the knee
    if (!knee) o.grad_knee_ends = false;
    auto r = shots::analyse_shots(s, 25.0, o);
    std::cout << (knee ? "blend ends: " : "twin comparison ends: ") << describe(r) << "\n";
    if (!knee) continue;  // printed for comparison only
    ASSERT_EQ(r.transitions.size(), 2u) << describe(r);
    EXPECT_EQ(r.transitions[0].type, "dissolve");
    EXPECT_TRUE(overlaps(r.transitions[0], 60, 69)) << describe(r);
    EXPECT_LE(r.transitions[0].end_frame, 71) << describe(r);
    EXPECT_EQ(r.transitions[1].type, "cut");
    EXPECT_EQ(r.transitions[1].start_frame, 90);
  }
}

/// Over 20 scene pairs: whatever is found is one wipe over frames 50-65; at least 10 of 20
/// are found (6 of 20 before gradual spans took half of the peak above the local median).
TEST(ShotsSynthetic, WipeIsRecognised) {
  int found = 0;
  for (unsigned seed = kFirstSeed; seed < kFirstSeed + 2 * kSeedPairs; seed += 2) {
    const auto r = shots::analyse_shots(wipe_series(seed), 25.0);
    SCOPED_TRACE("scenes " + std::to_string(seed) + "/" + std::to_string(seed + 1) + ": " + describe(r));
    ASSERT_LE(r.transitions.size(), 1u);
    if (r.transitions.empty()) continue;
    ++found;
    EXPECT_EQ(r.transitions[0].type, "wipe");
    EXPECT_TRUE(overlaps(r.transitions[0], 50, 65));
  }
  std::cout << "synthetic wipes found: " << found << " of " << kSeedPairs << "\n";
  EXPECT_GE(found, 10);
}

TEST(ShotsSynthetic, FadeThroughBlackGivesOneFadeAndCues) {
  FrameSeries s;
  const cv::Mat a = make_scene(61), b = make_scene(62);
  for (int i = 0; i < 130; ++i) {
    if (i < 50)
      add_frame(s, pan(a, i));
    else if (i < 60)
      add_frame(s, pan(a, i) * (1.0 - double(i - 49) / 10.0));
    else if (i < 63)
      add_frame(s, cv::Mat(kH, kW, CV_8UC3, cv::Scalar(0, 0, 0)));
    else if (i < 73)
      add_frame(s, pan(b, i) * (double(i - 62) / 10.0));
    else
      add_frame(s, pan(b, i));
  }
  auto r = shots::analyse_shots(s, 25.0);
  ASSERT_EQ(r.transitions.size(), 1u) << describe(r);
  EXPECT_EQ(r.transitions[0].type, "fade");
  EXPECT_TRUE(overlaps(r.transitions[0], 50, 72)) << describe(r);
  bool out = false, in = false, black = false;
  for (const auto& c : r.cues) {
    if (c.type == "fade_out") out = true;
    if (c.type == "fade_in") in = true;
    if (c.type == "black") {
      black = true;
      EXPECT_LE(c.start_frame, 60);
      EXPECT_GE(c.end_frame, 62);
    }
  }
  EXPECT_TRUE(out && in && black);
  for (const auto& f : r.selected_frames)  // no selected frame is black (the hold of the fade)
    EXPECT_LT(s.black_fraction[std::size_t(f.frame)], reelscale::record::kBlackFraction) << f.frame;
}

TEST(ShotsCues, ColourBarsAndBlackAreCuedAndNeverSelected) {
  // 75 % bars, SMPTE order (grey, yellow, cyan, green, magenta, red, blue), BGR.
  const cv::Scalar bars[7] = {{191, 191, 191}, {0, 191, 191}, {191, 191, 0}, {0, 191, 0},
                              {191, 0, 191},   {0, 0, 191},   {191, 0, 0}};
  cv::Mat bar_img(kH, kW, CV_8UC3, cv::Scalar(0, 0, 0));
  for (int i = 0; i < 7; ++i)
    cv::rectangle(bar_img, cv::Rect(i * kW / 7, 0, kW / 7 + 1, kH * 2 / 3), bars[i], cv::FILLED);
  cv::rectangle(bar_img, cv::Rect(0, kH * 3 / 4, kW / 4, kH / 4), cv::Scalar(235, 235, 235), cv::FILLED);
  FrameSeries s;
  const cv::Mat a = make_scene(71);
  for (int i = 0; i < 110; ++i) {
    if (i < 30)
      add_frame(s, bar_img);
    else if (i < 40)
      add_frame(s, cv::Mat(kH, kW, CV_8UC3, cv::Scalar(4, 4, 4)));
    else
      add_frame(s, pan(a, i));
  }
  EXPECT_TRUE(shots::is_colour_bars_frame(s, 0, {}));
  EXPECT_FALSE(shots::is_colour_bars_frame(s, 60, {}));
  auto r = shots::analyse_shots(s, 25.0);
  bool bars_cue = false, black_cue = false;
  for (const auto& c : r.cues) {
    if (c.type == "colour_bars" && c.start_frame == 0 && c.end_frame == 29) bars_cue = true;
    if (c.type == "black" && c.start_frame == 30 && c.end_frame == 39) black_cue = true;
  }
  EXPECT_TRUE(bars_cue);
  EXPECT_TRUE(black_cue);
  ASSERT_FALSE(r.selected_frames.empty());
  for (const auto& f : r.selected_frames) EXPECT_GE(f.frame, 40);
}

TEST(ShotsSelection, GroupsByPHashYieldTheirSharpestFrame) {
  // One 100-frame shot at 25 fps: frames 0-59 share a hash, 60-99 another one
  // 20 bits away; sharpness peaks at 17 and 83; frame 30 is black.
  FrameSeries s;
  const std::uint64_t h1 = 0x0123456789abcdefULL, h2 = h1 ^ 0xfffff;  // 20 bits apart
  for (int i = 0; i < 100; ++i) {
    s.pts_s.push_back(i / 25.0);
    s.phash.push_back(i < 60 ? h1 : h2);
    s.laplacian_var.push_back(i == 17 || i == 83 ? 500.f : i == 30 ? 900.f : 100.f + float(i % 7));
    s.black_fraction.push_back(i == 30 ? 1.f : 0.f);
    s.mean_luma.push_back(100.f);
  }
  std::vector<Shot> shots = {{0, 99, 0.0, 4.0}};
  shots::ShotOptions o;
  auto sel = shots::select_frames(s, 25.0, shots, {}, {}, o);
  ASSERT_EQ(sel.size(), 2u);
  EXPECT_EQ(sel[0].frame, 17);  // not the black frame 30, not the group's first
  EXPECT_EQ(sel[0].group, 0);
  EXPECT_EQ(sel[1].frame, 83);
  EXPECT_EQ(sel[1].group, 1);
  EXPECT_EQ(sel[1].shot, 0);
  EXPECT_EQ(sel[1].phash, h2);
  EXPECT_FLOAT_EQ(sel[1].laplacian_var, 500.f);
  // A shot of 0.5 s or more always yields a frame, even a short one.
  shots = {{0, 11, 0.0, 0.48}, {12, 99, 0.48, 4.0}};
  sel = shots::select_frames(s, 25.0, shots, {}, {}, o);
  ASSERT_GE(sel.size(), 3u);
  EXPECT_EQ(sel[0].shot, 0);
  // Bare pHash rule (no minimum group length): each hash change opens a group.
  o.select_min_group_s = 0;
  for (int i = 0; i < 100; ++i) s.phash[std::size_t(i)] = (i / 10) % 2 ? h2 : h1;
  sel = shots::select_frames(s, 25.0, {{0, 99, 0.0, 4.0}}, {}, {}, o);
  EXPECT_EQ(sel.size(), 10u);
}

TEST(ShotsSelection, PicksWithinTheThresholdOfThePreviousPickMerge) {
  // Frames 0-39 hash h1; 40-44 hx, 20 bits from h1 (a passing object closes
  // group 0); 45-99 h4, 10 bits from both, so group 1 runs on. Sharpness peaks
  // at 17 and at 83 (sharper). Group 1's pick (h4) is within 16 bits of group
  // 0's (h1): one group, represented by frame 83.
  FrameSeries s;
  const std::uint64_t h1 = 0x0123456789abcdefULL, hx = h1 ^ 0xfffff, h4 = h1 ^ 0x3ff;
  for (int i = 0; i < 100; ++i) {
    s.pts_s.push_back(i / 25.0);
    s.phash.push_back(i < 40 ? h1 : i < 45 ? hx : h4);
    s.laplacian_var.push_back(i == 17 ? 500.f : i == 83 ? 600.f : 100.f);
    s.black_fraction.push_back(0.f);
    s.mean_luma.push_back(100.f);
  }
  shots::ShotOptions o;
  auto sel = shots::select_frames(s, 25.0, {{0, 99, 0.0, 4.0}}, {}, {}, o);
  ASSERT_EQ(sel.size(), 1u);
  EXPECT_EQ(sel[0].frame, 83);
  EXPECT_EQ(sel[0].group, 0);
  // Sharper first pick: it stays.
  s.laplacian_var[17] = 700.f;
  sel = shots::select_frames(s, 25.0, {{0, 99, 0.0, 4.0}}, {}, {}, o);
  ASSERT_EQ(sel.size(), 1u);
  EXPECT_EQ(sel[0].frame, 17);
  // Without the merge: the two groups of the bare rule.
  o.select_merge_similar = false;
  sel = shots::select_frames(s, 25.0, {{0, 99, 0.0, 4.0}}, {}, {}, o);
  ASSERT_EQ(sel.size(), 2u);
  EXPECT_EQ(sel[0].frame, 17);
  EXPECT_EQ(sel[1].frame, 83);
  EXPECT_EQ(sel[1].group, 1);
  // Picks in different shots never merge.
  o.select_merge_similar = true;
  sel = shots::select_frames(s, 25.0, {{0, 49, 0.0, 2.0}, {50, 99, 2.0, 4.0}}, {}, {}, o);
  ASSERT_EQ(sel.size(), 3u);  // shot 0: 17 (h1) and 40 (hx, 20 bits away); shot 1: 83
  EXPECT_EQ(sel[1].frame, 40);
  EXPECT_EQ(sel[2].shot, 1);
  EXPECT_EQ(sel[2].frame, 83);
}

// ---------------------------------------------------------------------------
// Clips generated with ffmpeg and analysed by the pipeline.

namespace {

bool have_ffmpeg() {
  static const bool ok = rt::run_shell("ffmpeg -hide_banner -version >/dev/null 2>&1") == 0;
  return ok;
}

#define REQUIRE_FFMPEG() \
  if (!have_ffmpeg()) GTEST_SKIP() << "ffmpeg CLI not found"

/// Runs ffmpeg with `args`, writing `out`.
void ffmpeg(const std::string& args, const fs::path& out) {
  const std::string cmd = "ffmpeg -nostdin -v error -y " + args + " -c:v libx264 -crf 18 -g 50 -pix_fmt yuv420p " +
                          rt::shell_quote(out.string()) + " 2>&1";
  int status = -1;
  const auto log = rt::run_capture(cmd, &status);
  ASSERT_EQ(status, 0) << cmd << "\n" << log;
}

AssetRecord analyse(const fs::path& clip) {
  pipeline::PipelineOptions o;
  o.detect_shots = true;
  o.detect_scenes = false;
  o.detect_ad_breaks = false;
  auto rec = pipeline::analyse_asset(clip, o);
  EXPECT_EQ(rec.status, AssetStatus::ok) << rec.error;
  return rec;
}

const std::string kSrc = "s=320x240:r=25";

std::string trim(int input, int start, int frames, const std::string& label) {
  return "[" + std::to_string(input) + ":v]trim=start_frame=" + std::to_string(start) +
         ":end_frame=" + std::to_string(start + frames) + ",setpts=PTS-STARTPTS,format=yuv420p[" + label + "];";
}

/// Two sources joined by `xfade=transition` at 2 s for 0.8 s (frames 50..69 at 25 fps).
AssetRecord xfade_clip(const std::string& transition) {
  const auto dir = rt::scratch_dir("shots-xfade");
  const auto clip = dir / (transition + ".mp4");
  ffmpeg("-f lavfi -i mandelbrot=" + kSrc + " -f lavfi -i testsrc2=" + kSrc + " -filter_complex \"" +
             trim(0, 0, 75, "a") + trim(1, 0, 75, "b") + "[a][b]xfade=transition=" + transition +
             ":duration=0.8:offset=2[v]\" -map \"[v]\"",
         clip);
  return analyse(clip);
}

}  // namespace

TEST(ShotsClips, HardCutsBetweenLavfiSources) {
  REQUIRE_FFMPEG();
  const auto dir = rt::scratch_dir("shots-cuts");
  const auto clip = dir / "cuts.mp4";
  // testsrc2 50 | mandelbrot 40 | life 30 | cellauto 45 | gradients 6 | testsrc2 50
  ffmpeg("-f lavfi -i testsrc2=" + kSrc + " -f lavfi -i mandelbrot=" + kSrc + " -f lavfi -i life=" + kSrc +
             ":seed=7:mold=10:ratio=0.2 -f lavfi -i cellauto=" + kSrc + ":rule=110:seed=3 -f lavfi -i gradients=" +
             kSrc + ":seed=5:speed=0.05:c0=0xd02020:c1=0x2020d0 -filter_complex \"" + trim(0, 0, 50, "a") +
             trim(1, 0, 40, "b") + trim(2, 0, 30, "c") + trim(3, 0, 45, "d") + trim(4, 0, 6, "e") +
             trim(0, 100, 50, "f") + "[a][b][c][d][e][f]concat=n=6:v=1:a=0[v]\" -map \"[v]\"",
         clip);
  const auto rec = analyse(clip);
  ASSERT_EQ(rec.series.size(), 221u);
  std::vector<eval::Boundary> truth, det;
  for (std::int64_t f : {50, 90, 120, 165, 171}) truth.push_back({eval::BoundaryClass::cut, "cut", f, f});
  for (const auto& t : rec.shots.transitions)
    det.push_back({eval::class_of(t.type), t.type, t.start_frame, t.end_frame});
  const auto m = eval::match_boundaries(truth, det, 0);  // exact frames
  EXPECT_EQ(m.cut.tp, 5) << describe(rec.shots);
  EXPECT_EQ(m.all.fp, 0) << describe(rec.shots);
  EXPECT_EQ(rec.shots.shots.size(), 6u);
  // every shot, even the 6-frame one, yields a frame
  std::vector<int> per_shot(rec.shots.shots.size(), 0);
  for (const auto& f : rec.shots.selected_frames) per_shot[std::size_t(f.shot)]++;
  for (int c : per_shot) EXPECT_GE(c, 1);
}

TEST(ShotsClips, XfadeDissolve) {
  REQUIRE_FFMPEG();
  const auto rec = xfade_clip("dissolve");
  ASSERT_EQ(rec.shots.transitions.size(), 1u) << describe(rec.shots);
  EXPECT_EQ(rec.shots.transitions[0].type, "dissolve");
  EXPECT_TRUE(overlaps(rec.shots.transitions[0], 50, 69)) << describe(rec.shots);
}

TEST(ShotsClips, XfadeFadeThroughBlack) {
  REQUIRE_FFMPEG();
  const auto rec = xfade_clip("fadeblack");
  ASSERT_EQ(rec.shots.transitions.size(), 1u) << describe(rec.shots);
  EXPECT_EQ(rec.shots.transitions[0].type, "fade");
  EXPECT_TRUE(overlaps(rec.shots.transitions[0], 50, 69)) << describe(rec.shots);
  bool fade_in = false;
  for (const auto& c : rec.shots.cues) fade_in |= c.type == "fade_in";
  EXPECT_TRUE(fade_in);
}

TEST(ShotsClips, XfadeWipe) {
  REQUIRE_FFMPEG();
  const auto rec = xfade_clip("wipeleft");
  ASSERT_EQ(rec.shots.transitions.size(), 1u) << describe(rec.shots);
  EXPECT_EQ(rec.shots.transitions[0].type, "wipe");
  EXPECT_TRUE(overlaps(rec.shots.transitions[0], 50, 69)) << describe(rec.shots);
}

TEST(ShotsClips, WindowsScaleWithTheFrameRate) {
  REQUIRE_FFMPEG();
  // The same programme (1 s dissolve at 3 s, cut at 7 s) at 50 and 29.97 fps.
  for (const std::string rate : {"50", "30000/1001"}) {
    const double fps = rate == "50" ? 50.0 : 30000.0 / 1001.0;
    const std::string src = "s=320x240:r=" + rate;
    const auto dir = rt::scratch_dir("shots-rate");
    const auto clip = dir / "rate.mp4";
    ffmpeg(
        "-f lavfi -i mandelbrot=" + src + " -f lavfi -i testsrc2=" + src + " -f lavfi -i life=" + src +
            ":seed=3:mold=10:ratio=0.2 -filter_complex \"[0:v]trim=duration=4,setpts=PTS-STARTPTS,format=yuv420p[a];"
            "[1:v]trim=duration=4,setpts=PTS-STARTPTS,format=yuv420p[b];[2:v]trim=duration=2,setpts=PTS-STARTPTS,"
            "format=yuv420p[c];[a][b]xfade=transition=dissolve:duration=1:offset=3[ab];[ab][c]concat=n=2:v=1:a=0[v]\""
            " -map \"[v]\"",
        clip);
    const auto rec = analyse(clip);
    ASSERT_EQ(rec.shots.transitions.size(), 2u) << rate << ": " << describe(rec.shots);
    const auto& d = rec.shots.transitions[0];
    EXPECT_EQ(d.type, "dissolve") << rate;
    EXPECT_TRUE(overlaps(d, std::lround(3 * fps), std::lround(4 * fps) - 1)) << rate << ": " << describe(rec.shots);
    const auto& c = rec.shots.transitions[1];
    EXPECT_EQ(c.type, "cut") << rate;
    EXPECT_NEAR(double(c.start_frame), 7 * fps, 1.0) << rate;
  }
}

TEST(ShotsClips, SlowDissolveFoundAtACoarserGap) {
  REQUIRE_FFMPEG();
  const auto dir = rt::scratch_dir("shots-slow");
  const auto clip = dir / "slow.mp4";
  // 2.5 s dissolve (frames 50..111) between two slowly moving gradients.
  // gradients' colours are random unless given: explicit colours keep the clip reproducible.
  ffmpeg("-f lavfi -i gradients=" + kSrc + ":seed=1:speed=0.01:c0=0x203080:c1=0xe0c040 -f lavfi -i gradients=" + kSrc +
             ":seed=9:speed=0.01:c0=0x40c020:c1=0x601030 -filter_complex "
             "\"[0:v]trim=duration=6,setpts=PTS-STARTPTS,format=yuv420p[a];"
             "[1:v]trim=duration=6,setpts=PTS-STARTPTS,format=yuv420p[b];[a][b]xfade=transition=dissolve:"
             "duration=2.5:offset=2[v]\" -map \"[v]\"",
         clip);
  const auto rec = analyse(clip);
  ASSERT_EQ(rec.shots.transitions.size(), 1u) << describe(rec.shots);
  EXPECT_EQ(rec.shots.transitions[0].type, "dissolve");
  EXPECT_TRUE(overlaps(rec.shots.transitions[0], 50, 111)) << describe(rec.shots);
}

TEST(ShotsClips, FlashFramesAreNotCut) {
  REQUIRE_FFMPEG();
  const auto dir = rt::scratch_dir("shots-flash");
  const auto clip = dir / "flash.mp4";
  // A one-frame flash at 50 and a two-frame flash at 70-71 over a slow gradient.
  ffmpeg("-f lavfi -i gradients=" + kSrc +
             ":seed=2:speed=0.02:c0=0x3070a0:c1=0xa07030:d=4 -vf "
             "\"lutyuv=y='min(val*2.5+60,255)':enable='between(n,50,50)+between(n,70,71)'\"",
         clip);
  const auto rec = analyse(clip);
  ASSERT_EQ(rec.series.size(), 100u);
  EXPECT_TRUE(rec.shots.transitions.empty()) << describe(rec.shots);
}

TEST(ShotsClips, ColourBarsAndBlackSlate) {
  REQUIRE_FFMPEG();
  const auto dir = rt::scratch_dir("shots-bars");
  const auto clip = dir / "bars.mp4";
  ffmpeg("-f lavfi -i smptebars=" + kSrc + ":d=2 -f lavfi -i color=c=black:" + kSrc + ":d=1 -f lavfi -i pal75bars=" +
             kSrc + ":d=1 -f lavfi -i smptehdbars=" + kSrc + ":d=1 -f lavfi -i testsrc2=" + kSrc +
             ":d=2 -filter_complex \"[0:v][1:v][2:v][3:v][4:v]concat=n=5:v=1:a=0[v]\" -map \"[v]\"",
         clip);
  const auto rec = analyse(clip);
  std::vector<Cue> bars, black;
  for (const auto& c : rec.shots.cues) {
    if (c.type == "colour_bars") bars.push_back(c);
    if (c.type == "black") black.push_back(c);
  }
  ASSERT_EQ(black.size(), 1u);
  EXPECT_NEAR(double(black[0].start_frame), 50, 1);
  EXPECT_NEAR(double(black[0].end_frame), 74, 1);
  ASSERT_EQ(bars.size(), 2u);  // smptebars 0-49; pal75bars + smptehdbars 75-124
  EXPECT_LE(bars[0].start_frame, 1);
  EXPECT_GE(bars[0].end_frame, 48);
  EXPECT_LE(bars[1].start_frame, 76);
  EXPECT_GE(bars[1].end_frame, 123);
  for (const auto& f : rec.shots.selected_frames) EXPECT_GE(f.frame, 125);  // testsrc2 only
  // testsrc2 (a test pattern, not bars) is not cued as bars
  for (const auto& c : bars) EXPECT_LT(c.end_frame, 125);
}

// ---------------------------------------------------------------------------
// Issue-3 targets on the dev corpus.

TEST(ShotsCorpus, DevCorpusMeetsTheTargets) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  eval::CorpusResult r;
  for (const auto& e : fs::directory_iterator(corpus)) {
    const auto name = e.path().filename().string();
    if (!name.ends_with(".truth.json")) continue;
    const auto truth = eval::load_truth(e.path());
    const auto rec = analyse(corpus / truth.video);
    eval::FileResult f;
    f.video = truth.video;
    f.found = true;
    f.truth = truth.transitions;
    for (const auto& t : rec.shots.transitions)
      f.detected.push_back({eval::class_of(t.type), t.type, t.start_frame, t.end_frame});
    f.match = eval::match_boundaries(f.truth, f.detected);
    std::vector<std::int64_t> sel;
    for (const auto& s : rec.shots.selected_frames) sel.push_back(s.frame);
    f.selection = eval::selection_stats(truth, sel);
    r.files.push_back(std::move(f));
  }
  ASSERT_EQ(r.files.size(), 6u);
  eval::summarise(r);
  std::cout << eval::format_table(r, true);
  EXPECT_GE(r.mean_all.f1, 0.97);
  EXPECT_GE(r.pooled_all.precision(), 0.97);
  EXPECT_GE(r.pooled_cut.recall(), 0.98);
  EXPECT_GE(r.pooled_gradual.recall(), 0.90);
  ASSERT_TRUE(r.pooled_selection.has_value());
  EXPECT_EQ(r.pooled_selection->covered, r.pooled_selection->long_shots);
}
