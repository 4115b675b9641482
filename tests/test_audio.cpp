// Audio analysis: loudness per ITU-R BS.1770-4 / EBU R128 on EBU Tech 3341/3342
// test signals generated here, silences, the decode path, and agreement with
// ffmpeg's ebur128 filter on the dev corpus.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <regex>
#include <vector>

#include "audio/audio_analyser.hpp"
#include "audio/loudness_meter.hpp"
#include "audio/silence.hpp"
#include "pipeline/asset_pipeline.hpp"
#include "support/test_support.hpp"

namespace ra = reelscale::audio;
namespace rt = reelscale::testing;

namespace {

constexpr int kRate = 48000;

/// Appends `seconds` of a 1 kHz stereo sine whose peak is `dbfs` (both channels in phase).
void sine(std::vector<float>& buf, double dbfs, double seconds, double freq = 1000) {
  const double a = std::pow(10.0, dbfs / 20.0);
  const std::size_t n = std::size_t(std::llround(seconds * kRate));
  const std::size_t phase0 = buf.size() / 2;
  for (std::size_t i = 0; i < n; ++i) {
    const float v = float(a * std::sin(2 * M_PI * freq * double(phase0 + i) / kRate));
    buf.push_back(v);
    buf.push_back(v);
  }
}

reelscale::Loudness measure(const std::vector<float>& buf) {
  ra::LoudnessMeter m(2, kRate);
  m.add(buf.data(), buf.size() / 2);
  return m.loudness();
}

}  // namespace

/// Integrated loudness of `path` by ffmpeg's ebur128 filter (an independent BS.1770-4
/// implementation), from its summary; NaN when ffmpeg cannot measure it.
double ffmpeg_integrated_lufs(const std::filesystem::path& path) {
  static const std::regex integrated(R"(I:\s+(-?[0-9.]+) LUFS)");
  int status = 0;
  const std::string out = rt::run_capture(
      "ffmpeg -nostats -hide_banner -i " + rt::shell_quote(path.string()) + " -vn -af ebur128=peak=true -f null - 2>&1",
      &status);
  const std::size_t at = out.rfind("Summary");
  const std::string summary = out.substr(at == std::string::npos ? 0 : at);
  std::smatch m;
  if (status != 0 || !std::regex_search(summary, m, integrated)) return std::numeric_limits<double>::quiet_NaN();
  return std::stod(m[1].str());
}

// EBU Tech 3341, table 1, cases 1-5 (expected -23.0 / -33.0 LUFS, +-0.1 LU).
TEST(Loudness, Tech3341Case1SineMinus23) {
  std::vector<float> b;
  sine(b, -23, 20);
  EXPECT_NEAR(measure(b).integrated_lufs, -23.0, 0.1);
}

TEST(Loudness, Tech3341Case2SineMinus33) {
  std::vector<float> b;
  sine(b, -33, 20);
  EXPECT_NEAR(measure(b).integrated_lufs, -33.0, 0.1);
}

TEST(Loudness, Tech3341Case3RelativeGate) {
  std::vector<float> b;
  sine(b, -36, 10);
  sine(b, -23, 60);
  sine(b, -36, 10);
  EXPECT_NEAR(measure(b).integrated_lufs, -23.0, 0.1);
}

TEST(Loudness, Tech3341Case4AbsoluteGate) {
  std::vector<float> b;
  sine(b, -72, 10);
  sine(b, -36, 10);
  sine(b, -23, 60);
  sine(b, -36, 10);
  sine(b, -72, 10);
  EXPECT_NEAR(measure(b).integrated_lufs, -23.0, 0.1);
}

TEST(Loudness, Tech3341Case5Steps) {
  std::vector<float> b;
  sine(b, -26, 20);
  sine(b, -20, 20.1);
  sine(b, -26, 20);
  EXPECT_NEAR(measure(b).integrated_lufs, -23.0, 0.1);
}

// EBU Tech 3342 case 1: -20 then -30 dBFS, 20 s each -> LRA 10 LU +-1.
TEST(Loudness, Tech3342Case1Range) {
  std::vector<float> b;
  sine(b, -20, 20);
  sine(b, -30, 20);
  EXPECT_NEAR(measure(b).lra_lu, 10.0, 1.0);
}

TEST(Loudness, TruePeakOfSine) {
  std::vector<float> b;
  sine(b, -6, 5, 997);
  const auto l = measure(b);
  EXPECT_NEAR(l.true_peak_dbtp, -6.0, 0.3);
  EXPECT_NEAR(l.sample_peak_dbfs, -6.0, 0.1);
}

TEST(Loudness, SeriesAtTenHertz) {
  std::vector<float> b;
  sine(b, -23, 10);
  ra::LoudnessMeter m(2, kRate);
  m.add(b.data(), 12345);  // uneven chunks must not change the series
  m.add(b.data() + 2 * 12345, b.size() / 2 - 12345);
  ASSERT_EQ(m.momentary().size(), 100u);
  ASSERT_EQ(m.short_term().size(), 100u);
  for (std::size_t i = 4; i < 100; ++i) EXPECT_NEAR(m.momentary()[i], -23.0, 0.1) << i;
  for (std::size_t i = 30; i < 100; ++i) EXPECT_NEAR(m.short_term()[i], -23.0, 0.1) << i;
  EXPECT_LT(m.momentary()[0], -23.5);  // the first window is mostly before the start
}

// The series are built from 100 ms hop energies; they must equal libebur128's own
// momentary/short-term queries at the same instants.
TEST(Loudness, SeriesEqualLibebur128Queries) {
  std::vector<float> b;
  sine(b, -40, 2.05);
  sine(b, -12, 3.3, 440);
  sine(b, -70, 1.0);
  sine(b, -25, 4.0, 2000);
  ra::LoudnessMeter m(2, kRate);
  m.add(b.data(), b.size() / 2);
  ebur128_state* ref = ebur128_init(2, kRate, EBUR128_MODE_S);
  ASSERT_NE(ref, nullptr);
  std::size_t i = 0;
  for (std::size_t f = 0; f + 4800 <= b.size() / 2; f += 4800, ++i) {
    ebur128_add_frames_float(ref, b.data() + 2 * f, 4800);
    double rm = 0, rs = 0;
    ebur128_loudness_momentary(ref, &rm);
    ebur128_loudness_shortterm(ref, &rs);
    ASSERT_LT(i, m.momentary().size());
    EXPECT_NEAR(m.momentary()[i], std::max(rm, -120.0), 0.01) << i;
    EXPECT_NEAR(m.short_term()[i], std::max(rs, -120.0), 0.01) << i;
  }
  EXPECT_EQ(i, m.momentary().size());
  ebur128_destroy(&ref);
}

// kernels::TruePeak must give libebur128's ebur128_true_peak (same interpolator),
// including the inter-sample peak of a fs/4 sine sampled 45 degrees off its crests.
TEST(Loudness, TruePeakEqualsLibebur128) {
  std::vector<float> b;
  for (int i = 0; i < kRate; ++i) {  // 12 kHz at 48 kHz, phase pi/4: samples at +-0.707 A, true peak A
    const float v = float(0.5 * std::sin(M_PI / 2 * i + M_PI / 4));
    b.push_back(v);
    b.push_back(0.3f * v);
  }
  std::mt19937 g(7);
  std::normal_distribution<float> noise(0, 0.05f);
  for (int i = 0; i < 3 * kRate; ++i) {
    const float gain = i > 2 * kRate ? 6.0f : 1.0f;  // a louder burst later must raise the peak again
    b.push_back(gain * noise(g));
    b.push_back(noise(g));
  }
  ra::LoudnessMeter m(2, kRate);
  for (std::size_t f = 0; f < b.size() / 2; f += 1000)
    m.add(b.data() + 2 * f, std::min<std::size_t>(1000, b.size() / 2 - f));
  ebur128_state* ref = ebur128_init(2, kRate, EBUR128_MODE_TRUE_PEAK);
  ebur128_add_frames_float(ref, b.data(), b.size() / 2);
  double p0 = 0, p1 = 0;
  ebur128_true_peak(ref, 0, &p0);
  ebur128_true_peak(ref, 1, &p1);
  ebur128_destroy(&ref);
  EXPECT_NEAR(m.loudness().true_peak_dbtp, 20 * std::log10(std::max(p0, p1)), 0.01);
  // the fs/4 sine alone: true peak is about 0.5 (-6.02 dBTP), sample peak 0.354 (-9.03 dBFS)
  ra::LoudnessMeter s(2, kRate);
  s.add(b.data(), kRate);
  EXPECT_NEAR(s.loudness().true_peak_dbtp, -6.02, 0.3);
  EXPECT_NEAR(s.loudness().sample_peak_dbfs, -9.03, 0.05);
}

TEST(Loudness, DigitalSilenceIsFloored) {
  ra::LoudnessMeter m(2, kRate);
  m.add_silence(kRate * 2);
  EXPECT_EQ(m.momentary().size(), 20u);
  EXPECT_EQ(m.momentary().back(), reelscale::kLoudnessFloorLufs);
  EXPECT_EQ(m.loudness().integrated_lufs, -70);
}

TEST(Loudness, RejectsBadParameters) {
  EXPECT_THROW(ra::LoudnessMeter(0, kRate), std::invalid_argument);
  EXPECT_THROW(ra::LoudnessMeter(2, kRate, {ra::ChannelRole::left}), std::invalid_argument);
}

TEST(Silence, RunsOfQuietWindows) {
  // 10 Hz series: loud, 8 quiet windows (0.8 s of windows -> 1.1 s minus 0.4 s overlap), loud, 1 quiet.
  std::vector<float> m(30, -20.0f);
  for (int i = 10; i < 18; ++i) m[i] = -80.0f;
  m[25] = -60.0f;
  auto s = ra::find_silences(m, 10, 1.0, -50, 0.3);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_NEAR(s[0].start_s, 1.0 + 1.1 - 0.4, 1e-9);
  EXPECT_NEAR(s[0].end_s, 1.0 + 1.8, 1e-9);
  EXPECT_NEAR(s[1].end_s - s[1].start_s, 0.4, 1e-9);
  EXPECT_TRUE(ra::find_silences(m, 10, 0, -50, 0.5).size() == 1u);
  EXPECT_TRUE(ra::find_silences(m, 10, 0, -90, 0.3).empty());
}

// The decode path: an MP3 file generated with ffmpeg (sine, 2 s silence, sine).
TEST(AudioAnalyser, DecodesResamplesAndFindsSilence) {
  const auto dir = rt::scratch_dir("audio");
  const auto f = dir / "tone.mkv";
  const std::string cmd =
      "ffmpeg -v error -y -f lavfi -i 'sine=frequency=1000:sample_rate=44100:duration=4,volume=0.5' "
      "-f lavfi -i 'anullsrc=r=44100:cl=stereo:d=2' -f lavfi -i 'sine=frequency=500:sample_rate=44100:duration=3' "
      "-filter_complex '[0:a]aformat=channel_layouts=stereo[a];[2:a]aformat=channel_layouts=stereo[c];"
      "[a][1:a][c]concat=n=3:v=0:a=1' -c:a libmp3lame -b:a 128k " +
      rt::shell_quote(f.string());
  if (rt::run_shell(cmd) != 0) GTEST_SKIP() << "ffmpeg could not generate the test file";
  const auto a = ra::analyse_audio_file(f);
  EXPECT_EQ(a.stream, 0);
  EXPECT_EQ(a.channels, 2);
  EXPECT_EQ(a.sample_rate, 48000);
  EXPECT_TRUE(a.warning.empty()) << a.warning;
  EXPECT_NEAR(double(a.samples) / 48000, 9.0, 0.1);
  EXPECT_NEAR(double(a.momentary_lufs.size()), 90, 1);
  ASSERT_EQ(a.silences.size(), 1u);
  EXPECT_NEAR(a.silences[0].start_s, 4.0, 0.15);
  EXPECT_NEAR(a.silences[0].end_s, 6.0, 0.15);
  // Two tones at -24 and -18 dBFS with silence between: the gated integrated loudness
  // is computed by ffmpeg's ebur128 on the same file (about -21 LUFS).
  const double ref = ffmpeg_integrated_lufs(f);
  if (std::isnan(ref)) GTEST_SKIP() << "ffmpeg ebur128 not available";
  EXPECT_NEAR(a.loudness.integrated_lufs, ref, 0.2);
}

TEST(AudioAnalyser, NoAudioStream) {
  const auto dir = rt::scratch_dir("audio-none");
  const auto f = dir / "video.mkv";
  if (rt::run_shell("ffmpeg -v error -y -f lavfi -i testsrc=d=1:s=64x48 -c:v ffv1 " + rt::shell_quote(f.string())) != 0)
    GTEST_SKIP() << "ffmpeg could not generate the test file";
  const auto a = ra::analyse_audio_file(f);
  EXPECT_EQ(a.stream, -1);
  EXPECT_TRUE(a.momentary_lufs.empty());
}

TEST(AudioAnalyser, DamagedAudioNeverThrows) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  for (const char* name : {"garbled_archive.avi", "truncated_documentary.mp4"}) {
    reelscale::AudioAnalysis a;
    EXPECT_NO_THROW(a = ra::analyse_audio_file(corpus / name)) << name;
    EXPECT_GE(a.stream, 0) << name;
    EXPECT_GT(a.samples, 0) << name;
  }
}

// Issue 6: integrated loudness within 0.2 LU of ffmpeg's ebur128 filter on every programme.
TEST(AudioAnalyser, MatchesFfmpegEbur128OnCorpus) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  for (const char* name : {"newsreel_mpeg2.mpg", "documentary_h264.mp4", "archive_mpeg4_avi.avi", "longtake_vp8.webm",
                           "broadcast_ts.ts", "alternation_mjpeg.mov"}) {
    const auto path = corpus / name;
    const double ref = ffmpeg_integrated_lufs(path);
    if (std::isnan(ref)) GTEST_SKIP() << "ffmpeg ebur128 not available";
    const auto a = ra::analyse_audio_file(path);
    std::printf("%-24s reelscale %.2f LUFS  ffmpeg %.1f LUFS  LRA %.1f LU  TP %.1f dBTP\n", name,
                a.loudness.integrated_lufs, ref, a.loudness.lra_lu, a.loudness.true_peak_dbtp);
    EXPECT_NEAR(a.loudness.integrated_lufs, ref, 0.2) << name;
  }
}

// The pipeline reads audio itself when there is no video (same options, one read).
TEST(AudioPipeline, AudioOnlyFile) {
  const auto dir = rt::scratch_dir("audio-only");
  const auto f = dir / "tone.m4a";
  if (rt::run_shell("ffmpeg -v error -y -f lavfi -i 'sine=frequency=1000:sample_rate=44100:duration=5' "
                    "-f lavfi -i 'anullsrc=r=44100:cl=mono:d=1' -filter_complex '[0:a][1:a]concat=n=2:v=0:a=1' "
                    "-c:a aac " +
                    rt::shell_quote(f.string())) != 0)
    GTEST_SKIP() << "ffmpeg could not generate the test file";
  const auto rec = reelscale::pipeline::analyse_asset(f);
  EXPECT_EQ(rec.video_stream, -1);
  EXPECT_EQ(rec.audio.stream, 0);
  EXPECT_EQ(rec.audio.channels, 1);
  EXPECT_NEAR(double(rec.audio.samples) / 48000, 6.0, 0.1);
  const double ref = ffmpeg_integrated_lufs(f);  // mono sine, amplitude 1/8 (-18 dBFS): about -21 LUFS
  if (!std::isnan(ref)) EXPECT_NEAR(rec.audio.loudness.integrated_lufs, ref, 0.2);
  ASSERT_EQ(rec.audio.silences.size(), 1u);
  EXPECT_NEAR(rec.audio.silences[0].start_s, 5.0, 0.15);
  EXPECT_TRUE(rec.ad_breaks.insertion_points.empty());
}
