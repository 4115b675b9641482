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

TEST(SceneGrouping, AudioContinuityLinksAnUnlinkedShotIntoTheScene) {
  // archive_mpeg4_avi's p2: diver, balle, diver with one audio bed. The 4 s
  // `balle` shot links visually to nothing; without the audio link it is a
  // scene of its own (>= min_isolated_shot_s), with it the scene runs on.
  const auto a = vec(1, 0, 0, 0), x = vec(0, 1, 0, 0), d = vec(0, 0, 0, 1);
  auto shots = timeline({{5, a}, {4, x}, {3, a}, {5, d}});
  EXPECT_EQ(spans(sc::group_shots(shots, {})), (Spans{{0, 2}, {3, 3}}));  // a-x-a links visually
  shots[2].vec = d;                                                       // now nothing links a, x and the next shot
  EXPECT_EQ(spans(sc::group_shots(shots, {})), (Spans{{0, 0}, {1, 1}, {2, 3}}));
  shots[1].audio_link_before = true;  // the audio runs on across the cut at shot 1
  EXPECT_EQ(spans(sc::group_shots(shots, {})), (Spans{{0, 1}, {2, 3}}));
  // ... but never across a hard break.
  shots[1].break_before = true;
  EXPECT_EQ(spans(sc::group_shots(shots, {})), (Spans{{0, 0}, {1, 1}, {2, 3}}));
}

/// Synthetic audio: `bands` = 4, 0.25 s rows, each row `spectrum(t)`; momentary loudness `lufs(t)` at 10 Hz.
template <class Spec, class Loud>
reelscale::AudioAnalysis synthetic_audio(double secs, Spec spectrum, Loud lufs) {
  reelscale::AudioAnalysis a;
  a.bands = 4;
  a.band_hop_s = 0.25;
  for (int r = 0; r * 0.25 < secs; ++r) {
    const auto v = spectrum(r * 0.25);
    a.band_db.insert(a.band_db.end(), v.begin(), v.end());
  }
  a.series_rate_hz = 10;
  for (int i = 0; i * 0.1 < secs; ++i) a.momentary_lufs.push_back(float(lufs((i + 1) * 0.1)));
  return a;
}

TEST(SceneGrouping, AudioLinkNeedsASimilarSpectrumOnBothSidesAndNoSilence) {
  const auto a = vec(1, 0, 0, 0), x = vec(0, 1, 0, 0);
  const auto base = timeline({{5, a}, {4, x}, {5, a}});  // cuts at 5 s and 9 s
  using V = std::vector<float>;
  // One bed throughout: both cuts are continuous (distance 0).
  auto bed = synthetic_audio(
      14,
      [](double) {
        return V{-20, -25, -30, -40};
      },
      [](double) { return -20.0; });
  auto shots = base;
  sc::mark_audio_links(shots, bed, {});
  EXPECT_TRUE(shots[1].audio_link_before);
  EXPECT_TRUE(shots[2].audio_link_before);
  EXPECT_NEAR(sc::audio_cut_distances(shots, bed, {})[1], 0.0, 1e-9);
  // Another spectrum from 9 s on (mean difference (10 + 5 + 5 + 5) / 4 = 6.25 dB > 3 dB): the second cut does not link.
  auto change = synthetic_audio(
      14,
      [](double t) {
        return t < 9 ? V{-20, -25, -30, -40} : V{-30, -20, -35, -35};
      },
      [](double) { return -20.0; });
  shots = base;
  sc::mark_audio_links(shots, change, {});
  EXPECT_TRUE(shots[1].audio_link_before);
  EXPECT_FALSE(shots[2].audio_link_before);
  EXPECT_NEAR(sc::audio_cut_distances(shots, change, {})[2], 6.25, 1e-6);
  // Silence never links, even with identical spectra: a quiet stretch before the first cut.
  auto quiet = synthetic_audio(
      14,
      [](double) {
        return V{-90, -95, -100, -110};
      },
      [](double t) { return t > 4 && t < 6 ? -60.0 : -20.0; });
  shots = base;
  sc::mark_audio_links(shots, quiet, {});
  EXPECT_FALSE(shots[1].audio_link_before);
  EXPECT_TRUE(shots[2].audio_link_before);
  // No spectrum (no audio, or the feature off), a hard break, or the option off: no link.
  shots = base;
  sc::mark_audio_links(shots, reelscale::AudioAnalysis{}, {});
  EXPECT_FALSE(shots[1].audio_link_before);
  shots[1].break_before = true;
  sc::mark_audio_links(shots, bed, {});
  EXPECT_FALSE(shots[1].audio_link_before);
  sc::SceneOptions off;
  off.audio_link = false;
  shots = base;
  sc::mark_audio_links(shots, bed, off);
  EXPECT_FALSE(shots[1].audio_link_before || shots[2].audio_link_before);
}

}  // namespace
