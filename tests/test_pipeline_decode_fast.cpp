// Issue 16: `--decode fast` (libavcodec lowres / skip_loop_filter) still decodes every
// frame, and the audio analysed on its own thread inside the pipeline equals the same
// analysis run synchronously on a separate read (audio::analyse_audio_file).
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "audio/audio_analyser.hpp"
#include "media/video_decoder.hpp"
#include "pipeline/asset_pipeline.hpp"
#include "support/test_support.hpp"

namespace rt = reelscale::testing;
using reelscale::AssetStatus;
using reelscale::pipeline::analyse_asset;
using reelscale::pipeline::PipelineOptions;

namespace {

/// Frame count of the corpus truth file next to `video` (independent of reelscale's decode).
std::int64_t truth_frames(const std::filesystem::path& video) {
  std::filesystem::path t = video;
  t.replace_extension(".truth.json");
  std::ifstream in(t);
  return nlohmann::json::parse(in).at("frames").get<std::int64_t>();
}

PipelineOptions video_only(bool fast) {
  PipelineOptions o;
  o.detect_shots = false;
  o.analyse_audio = false;
  o.fast_decode = fast;
  return o;
}

}  // namespace

TEST(LowresLevel, LowestLevelThatKeepsTheWidth) {
  using reelscale::media::lowres_level;
  EXPECT_EQ(lowres_level(720, 3, 154), 2);   // 180 px >= 154, 90 px is not
  EXPECT_EQ(lowres_level(640, 3, 154), 2);   // 160 px
  EXPECT_EQ(lowres_level(720, 3, 256), 1);   // 360 px
  EXPECT_EQ(lowres_level(1920, 3, 154), 3);  // 240 px
  EXPECT_EQ(lowres_level(1920, 0, 154), 0);  // the codec has no lowres
  EXPECT_EQ(lowres_level(200, 3, 154), 0);   // already small
}

// MPEG-2 (lowres), MPEG-4 ASP (lowres), MJPEG (lowres), H.264 and VP8 (skip_loop_filter).
TEST(DecodeFast, EveryFrameStillDecoded) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  for (const char* name : {"newsreel_mpeg2.mpg", "archive_mpeg4_avi.avi", "alternation_mjpeg.mov",
                           "documentary_h264.mp4", "longtake_vp8.webm"}) {
    const auto file = corpus / name;
    const auto fast = analyse_asset(file, video_only(true));
    ASSERT_EQ(fast.status, AssetStatus::ok) << name << ": " << fast.error;
    EXPECT_EQ(fast.frames, truth_frames(file)) << name;
    // The same presentation times as the full decode, frame by frame.
    const auto full = analyse_asset(file, video_only(false));
    ASSERT_EQ(full.series.size(), fast.series.size()) << name;
    for (std::size_t i = 0; i < full.series.size(); ++i)
      ASSERT_DOUBLE_EQ(full.series.pts_s[i], fast.series.pts_s[i]) << name << " frame " << i;
  }
}

// A reduced decode is not a different picture: the mean luma per frame stays close
// to the full decode's (box means of the same content), on the 1/4-size MPEG-2 decode.
TEST(DecodeFast, AnalysisImagesShowTheSamePictures) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  const auto file = corpus / "newsreel_mpeg2.mpg";
  const auto full = analyse_asset(file, video_only(false));
  const auto fast = analyse_asset(file, video_only(true));
  ASSERT_EQ(full.series.size(), fast.series.size());
  double worst = 0;
  for (std::size_t i = 0; i < full.series.size(); ++i)
    worst = std::max(worst, double(std::abs(full.series.mean_luma[i] - fast.series.mean_luma[i])));
  EXPECT_LT(worst, 3.0) << "largest per-frame difference of mean luma (0-255 scale)";
}

// The pipeline analyses audio on its own thread; a separate synchronous read must give
// exactly the same measures (same blocks in the same order).
TEST(AudioThread, SameMeasuresAsASynchronousRead) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  for (const char* name : {"newsreel_mpeg2.mpg", "documentary_h264.mp4"}) {
    const auto file = corpus / name;
    PipelineOptions o;
    o.detect_shots = false;
    const auto rec = analyse_asset(file, o);
    ASSERT_EQ(rec.status, AssetStatus::ok) << rec.error;
    EXPECT_GT(rec.stage_cpu_s.at("audio"), 0.0) << name;
    const auto ref = reelscale::audio::analyse_audio_file(file);
    ASSERT_GT(ref.samples, 0) << name;
    EXPECT_EQ(rec.audio.samples, ref.samples) << name;
    EXPECT_EQ(rec.audio.loudness.integrated_lufs, ref.loudness.integrated_lufs) << name;
    EXPECT_EQ(rec.audio.loudness.lra_lu, ref.loudness.lra_lu) << name;
    EXPECT_EQ(rec.audio.loudness.true_peak_dbtp, ref.loudness.true_peak_dbtp) << name;
    EXPECT_EQ(rec.audio.momentary_lufs, ref.momentary_lufs) << name;
    EXPECT_EQ(rec.audio.band_db, ref.band_db) << name;
    EXPECT_EQ(rec.audio.silences.size(), ref.silences.size()) << name;
  }
}
