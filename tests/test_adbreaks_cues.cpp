// Commercial breaks from several cues (issue 15) on synthetic records: slates that
// are quiet but not silent (mains hum), short slates whose silence the 400 ms
// loudness windows only partly see, silence offset from the black, inner slates
// that are black only, fades that are no separators, breaks without inner slates.
#include <gtest/gtest.h>

#include <cmath>

#include "adbreaks/ad_breaks.hpp"

namespace ab = reelscale::adbreaks;
using reelscale::AssetRecord;

namespace {

struct Span {
  double t0, t1, lufs;  ///< seconds, level of the audio there
};

/// A 25 fps record of `seconds` with black frames over `black` (seconds, end exclusive)
/// and audio whose level is `base` LUFS except over `levels`; momentary loudness is
/// the energy mean of the 400 ms window (10 Hz series), silences where it is < -50
/// for >= 0.3 s, as the audio analyser computes them.
AssetRecord record(double seconds, const std::vector<std::pair<double, double>>& black, double base,
                   const std::vector<Span>& levels) {
  AssetRecord r;
  r.fps = 25;
  r.duration_s = seconds;
  const auto n = std::int64_t(seconds * 25);
  for (std::int64_t i = 0; i < n; ++i) {
    const double t = double(i) / 25;
    r.series.pts_s.push_back(t);
    bool b = false;
    for (auto [s, e] : black) b = b || (t >= s - 1e-9 && t < e - 1e-9);
    r.series.black_fraction.push_back(b ? 1.0f : 0.1f);
    r.series.mean_luma.push_back(b ? 16.0f : 120.0f);
  }
  r.audio.stream = 1;
  r.audio.samples = std::int64_t(seconds * 48000);
  const auto level = [&](double t) {
    for (const auto& s : levels)
      if (t >= s.t0 && t < s.t1) return s.lufs;
    return base;
  };
  double silent_from = -1;
  const int m = int(seconds * 10);
  for (int i = 0; i < m; ++i) {
    const double end = (i + 1) / 10.0;
    double e = 0;
    for (int k = 0; k < 40; ++k) e += std::pow(10.0, level(end - 0.4 + (k + 0.5) * 0.01) / 10) / 40;
    const float v = float(10 * std::log10(std::max(e, 1e-12)));
    r.audio.momentary_lufs.push_back(v);
    const bool silent = end >= 0.4 && v < -50;
    if (silent && silent_from < 0) silent_from = end - 0.4;
    if ((!silent || i + 1 == m) && silent_from >= 0) {
      const double stop = silent ? end : end - 0.1;
      if (stop - silent_from >= 0.3) r.audio.silences.push_back({silent_from, stop});
      silent_from = -1;
    }
  }
  return r;
}

constexpr double kSilent = -120, kProgramme = -23, kSpot = -17, kHum = -45;

}  // namespace

TEST(BreakCues, HumSlateIsQuietButNotSilent) {
  // black 10.0-10.8 s with a -45 LUFS hum; black 30.0-30.8 s with programme sound
  auto r = record(60, {{10.0, 10.8}, {30.0, 30.8}}, kProgramme, {{10.0, 10.8, kHum}});
  const auto runs = ab::find_black_runs(r);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_NEAR(runs[0].silent_s, 0.0, 1e-9);  // no silence at all
  EXPECT_TRUE(runs[0].quiet);
  EXPECT_NEAR(runs[0].min_lufs, kHum, 0.5);
  EXPECT_FALSE(runs[1].quiet);
  // with the loudness rules off, only silence counts, as before issue 15
  ab::AdBreakOptions off;
  off.quiet_max_lufs = -200;
  off.quiet_dip_lu = 1e9;
  EXPECT_TRUE(ab::find_slates(r, off).empty());
  EXPECT_EQ(ab::find_slates(r).size(), 1u);
}

TEST(BreakCues, ShortSlateWithOffsetSilence) {
  // a 0.4 s black slate whose digital silence lags by 0.25 s: the 400 ms windows never lie
  // wholly in the silence, so no silence is measured, but the quietest window dips by >= 9 dB
  auto r = record(60, {{20.0, 20.4}}, kProgramme, {{20.25, 20.65, kSilent}});
  ASSERT_TRUE(r.audio.silences.empty() || r.audio.silences[0].end_s - r.audio.silences[0].start_s < 0.3);
  const auto runs = ab::find_black_runs(r);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_GE(runs[0].dip_lu, 9.0);
  EXPECT_TRUE(runs[0].quiet);
  // the same black with the programme sound going on is no slate
  auto loud = record(60, {{20.0, 20.4}}, kProgramme, {});
  EXPECT_TRUE(ab::find_slates(loud).empty());
}

TEST(BreakCues, BlackOnlyInnerSlateSeparatesSpots) {
  // programme to 20 s; break: slate 20-20.8 (silent), spot, black 35-35.5 with spot sound going
  // on (not quiet), spot, slate 50-50.8 (silent); programme after
  std::vector<Span> lv{{20.0, 20.8, kSilent}, {20.8, 50.0, kSpot}, {50.0, 50.8, kSilent}};
  auto r = record(120, {{20.0, 20.8}, {35.0, 35.5}, {50.0, 50.8}}, kProgramme, lv);
  const auto slates = ab::find_slates(r);
  ASSERT_EQ(slates.size(), 2u);
  auto b = ab::find_commercial_breaks(r, slates);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].start_frame, 500);
  EXPECT_EQ(b[0].end_frame, 50 * 25 + 19);
  EXPECT_EQ(b[0].slate_frames.size(), 3u);  // the black-only separator is listed
  // a black-only run never bounds a break: spots between a quiet slate and a black-only run
  // at 35 s and a programme part after are no break
  auto r2 = record(120, {{20.0, 20.8}, {35.0, 35.5}}, kProgramme, {{20.0, 20.8, kSilent}});
  EXPECT_TRUE(ab::find_commercial_breaks(r2, ab::find_slates(r2)).empty());
}

TEST(BreakCues, FadeIsNoSeparator) {
  // quiet slates at 20 s and 150 s (a programme part of 129 s between, over max_spot_s 120 s);
  // a black run at 85 s would cut it into two "spots" of ~64 s if it were a separator
  ab::AdBreakOptions o;
  o.max_spot_fraction = 0.5;
  std::vector<Span> lv{{20.0, 20.8, kSilent}, {150.0, 150.8, kSilent}};
  auto r = record(300, {{20.0, 20.8}, {85.0, 85.4}, {150.0, 150.8}}, kProgramme, lv);
  auto with_sep = ab::find_commercial_breaks(r, ab::find_slates(r, o), o);
  ASSERT_EQ(with_sep.size(), 1u);  // the hard black run at 85 s separates: one break 20-150.8 s
  EXPECT_EQ(with_sep[0].slate_frames.size(), 3u);
  reelscale::Transition fade;  // the same black run inside a detected fade through black
  fade.type = "fade";
  fade.start_frame = 85 * 25 - 10;
  fade.end_frame = 85 * 25 + 20;
  r.shots.transitions.push_back(fade);
  EXPECT_TRUE(ab::find_commercial_breaks(r, ab::find_slates(r, o), o).empty());
}

TEST(BreakCues, BreakWithoutInnerSlates) {
  // three spots of 20 s with no slate between them: one 60 s "spot" between two slates
  std::vector<Span> lv{{100.0, 100.8, kSilent}, {100.8, 160.8, kSpot}, {160.8, 161.6, kSilent}};
  auto r = record(600, {{100.0, 100.8}, {160.8, 161.6}}, kProgramme, lv);
  auto b = ab::find_commercial_breaks(r, ab::find_slates(r));
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].start_frame, 2500);
  EXPECT_EQ(b[0].end_frame, std::int64_t(161.6 * 25) - 1);
}

TEST(BreakCues, BreakIsCappedAtMaxBreak) {
  // quiet slates every 100 s over 1000 s would chain into one 900 s "break"; the cap is 600 s
  std::vector<std::pair<double, double>> black;
  std::vector<Span> lv;
  for (int k = 1; k <= 9; ++k) {
    black.push_back({k * 100.0, k * 100.0 + 0.8});
    lv.push_back({k * 100.0, k * 100.0 + 0.8, kSilent});
  }
  auto r = record(1000, black, kProgramme, lv);
  ab::AdBreakOptions o;
  o.max_spot_fraction = 1;
  auto b = ab::find_commercial_breaks(r, ab::find_slates(r, o), o);
  ASSERT_FALSE(b.empty());
  for (const auto& x : b) EXPECT_LE(x.end_s - x.start_s, 600.0 + 1e-6);
  EXPECT_EQ(b[0].start_frame, 2500);
}

TEST(InsertionFrame, InsideFadesAndDissolves) {
  // a fade through black 480-520 (black 498-502) whose detected end is 520: the shot after
  // starts at 521, but the point goes to the middle of the fade (its black)
  auto r = record(40, {{498 / 25.0, 503 / 25.0}}, kProgramme, {});
  r.shots.shots = {{0, 520, 0, 20.84}, {521, 999, 20.84, 40}};
  reelscale::Transition fade;
  fade.type = "fade";
  fade.start_frame = 480;
  fade.end_frame = 520;
  r.shots.transitions = {fade};
  auto c = ab::score_candidates(r, {});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].frame, 500);
  EXPECT_NEAR(c[0].time_s, 500 / 25.0, 1e-9);
  // the same black 5 frames before a shot boundary, no transition detected: right after the black
  r.shots.transitions.clear();
  r.shots.shots = {{0, 507, 0, 20.32}, {508, 999, 20.32, 40}};
  EXPECT_EQ(ab::score_candidates(r, {})[0].frame, 503);
  // a dissolve 480-499 before a shot starting at 500: its middle frame
  auto d = record(40, {}, kProgramme, {});
  d.shots.shots = {{0, 499, 0, 20}, {500, 999, 20, 40}};
  reelscale::Transition dis;
  dis.type = "dissolve";
  dis.start_frame = 480;
  dis.end_frame = 499;
  d.shots.transitions = {dis};
  c = ab::score_candidates(d, {});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].frame, 490);
  // a cut stays where it is
  d.shots.transitions.clear();
  EXPECT_EQ(ab::score_candidates(d, {})[0].frame, 500);
}

TEST(BreakCues, QuieterProgrammePartSplitsTheRun) {
  // slates every 20 s from 100 s to 200 s: spots at -17 LUFS, except the gap 160-180 s,
  // a short programme part at -23 LUFS (6 LU quieter): two breaks, 100-160.8 and 180-200.8 s
  std::vector<std::pair<double, double>> black;
  std::vector<Span> lv;
  for (int t = 100; t <= 200; t += 20) {
    black.push_back({double(t), t + 0.8});
    lv.push_back({double(t), t + 0.8, kSilent});
    if (t < 200 && t != 160) lv.push_back({t + 0.8, t + 20.0, kSpot});
  }
  auto r = record(1200, black, kProgramme, lv);
  auto b = ab::find_commercial_breaks(r, ab::find_slates(r));
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].start_frame, 2500);
  EXPECT_EQ(b[0].end_frame, std::int64_t(160.8 * 25) - 1);
  EXPECT_EQ(b[1].start_frame, 180 * 25);
  // without the cue the whole run is one break
  ab::AdBreakOptions o;
  o.spot_jump_lu = 1e9;
  EXPECT_EQ(ab::find_commercial_breaks(r, ab::find_slates(r, o), o).size(), 1u);
}
