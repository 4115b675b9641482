/// @file test_scene_grouping.cpp
/// scenes::group_shots on synthetic shot vectors with known geometry: the Scene
/// Transition Graph scan (links within the window, never across a hard break),
/// A-B-A-B alternation as one scene, and where short or isolated scenes merge.

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "reelscale/kernels/embedding.hpp"
#include "scenes/scene_grouping.hpp"

namespace {

namespace sc = reelscale::scenes;

/// 4-d unit vector a*e0 + b*e1 + c*e2 + d*e3 (normalised).
std::vector<float> vec(float a, float b, float c, float d) {
  std::vector<float> v{a, b, c, d};
  const float n = std::sqrt(a * a + b * b + c * c + d * d);
  for (auto& x : v) x /= n;
  return v;
}

/// Shots laid end to end at 25 fps, `secs` long each.
std::vector<sc::GroupingShot> timeline(const std::vector<std::pair<double, std::vector<float>>>& spec) {
  std::vector<sc::GroupingShot> out;
  double t = 0;
  std::int64_t f = 0;
  for (const auto& [secs, v] : spec) {
    sc::GroupingShot s;
    s.start_s = t;
    s.end_s = t + secs;
    s.start_frame = f;
    s.end_frame = f + std::int64_t(std::lround(secs * 25)) - 1;
    s.vec = v;
    t = s.end_s;
    f = s.end_frame + 1;
    out.push_back(s);
  }
  return out;
}

std::vector<std::pair<int, int>> spans(const std::vector<sc::ShotSpan>& v) {
  std::vector<std::pair<int, int>> out;
  for (const auto& s : v) out.emplace_back(s.first, s.last);
  return out;
}

using Spans = std::vector<std::pair<int, int>>;

TEST(SceneGrouping, AlternationIsOneScene) {
  const auto c = vec(0, 0, 1, 0), a = vec(1, 0, 0, 0), b = vec(0, 1, 0, 0), d = vec(0, 0, 0, 1);
  const auto shots = timeline({{3, c}, {3, c}, {3, a}, {3, b}, {3, a}, {3, b}, {3, a}, {3, d}, {3, d}});
  EXPECT_EQ(spans(sc::group_shots(shots, {})), (Spans{{0, 1}, {2, 6}, {7, 8}}));
}

TEST(SceneGrouping, LinksStopAtHardBreaksAndOutsideTheWindow) {
  const auto a = vec(1, 0, 0, 0), b = vec(0, 1, 0, 0);
  auto shots = timeline({{3, a}, {3, b}, {3, a}});
  EXPECT_EQ(spans(sc::group_shots(shots, {})), (Spans{{0, 2}}));
  shots[1].break_before = true;  // a fade through black before shot 1
  EXPECT_EQ(spans(sc::group_shots(shots, {})), (Spans{{0, 0}, {1, 2}}));
  shots[1].break_before = false;
  sc::SceneOptions o;
  o.window_s = 2.0;           // shot 2 starts 3 s after shot 0 ends
  o.min_isolated_shot_s = 0;  // keep single-shot scenes apart
  EXPECT_EQ(spans(sc::group_shots(shots, o)), (Spans{{0, 0}, {1, 1}, {2, 2}}));
}

TEST(SceneGrouping, IsolatedShotJoinsTheSceneHoldingItsMostSimilarShot) {
  // P: two 3 s shots p (cos 0.5 with x). X: one 2 s shot x that links to nothing
  // (every cosine < 0.70). N: n1, n2 linked (cos 0.72); cos(x, n1) = 0.65,
  // cos(x, n2) = 0, so N's mean vector is only ~0.35 from x while P's is 0.5.
  // Single linkage (shot to shot, as the STG links) puts X with N.
  const auto p = vec(0.5f, 0, 0, 0.866f), x = vec(1, 0, 0, 0), n1 = vec(0.65f, 0.76f, 0, 0),
             n2 = vec(0, 0.95f, 0.312f, 0);
  ASSERT_NEAR(reelscale::kernels::dot(n1, n2), 0.72f, 0.01f);
  auto shots = timeline({{3, p}, {3, p}, {2, x}, {3, n1}, {3, n2}});
  EXPECT_EQ(spans(sc::group_shots(shots, {})), (Spans{{0, 1}, {2, 4}}));
  // ... but never across a fade or slate: then it stays with P.
  shots[3].break_before = true;
  EXPECT_EQ(spans(sc::group_shots(shots, {})), (Spans{{0, 2}, {3, 4}}));
  // A long enough shot is a scene of its own.
  shots[3].break_before = false;
  sc::SceneOptions o;
  o.min_isolated_shot_s = 1.5;
  EXPECT_EQ(spans(sc::group_shots(shots, o)), (Spans{{0, 1}, {2, 2}, {3, 4}}));
}

TEST(SceneGrouping, ShortBlackShotEndsTheSceneBefore) {
  const auto a = vec(1, 0, 0, 0), b = vec(0, 1, 0, 0);
  auto shots = timeline({{3, a}, {3, a}, {1, {}}, {3, b}, {3, b}});
  shots[2].black = true;
  shots[3].break_before = true;
  EXPECT_EQ(spans(sc::group_shots(shots, {})), (Spans{{0, 2}, {3, 4}}));
}

}  // namespace
