// Per-asset pipeline on clips generated here with the ffmpeg CLI.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "pipeline/asset_pipeline.hpp"
#include "support/test_support.hpp"

namespace rt = reelscale::testing;
using reelscale::AssetStatus;
using reelscale::pipeline::analyse_asset;
using reelscale::pipeline::PipelineOptions;

namespace {

PipelineOptions no_shots() {
  PipelineOptions o;
  o.detect_shots = false;
  return o;
}

int mean_hamming(const reelscale::FrameSeries& a, const reelscale::FrameSeries& b) {
  int sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += reelscale::kernels::hamming_distance(a.phash[i], b.phash[i]);
  return sum / int(a.size());
}

}  // namespace

TEST(PipelinePts, ConstantRateClipHasOneRowPerFrameAndEvenPts) {
  auto dir = rt::scratch_dir("pts");
  auto clip = rt::make_clip(dir, "cfr.mp4",
                            "-f lavfi -i testsrc2=size=320x240:rate=25 -frames:v 60 -c:v libx264 -pix_fmt yuv420p");
  auto rec = analyse_asset(clip, no_shots());
  ASSERT_EQ(rec.status, AssetStatus::ok) << rec.error;
  ASSERT_EQ(rec.frames, 60);
  ASSERT_EQ(rec.series.size(), 60u);
  EXPECT_DOUBLE_EQ(rec.fps, 25.0);
  for (std::size_t i = 0; i < rec.series.size(); ++i) {
    EXPECT_NEAR(rec.series.pts_s[i], double(i) / 25.0, 1e-6) << "frame " << i;
  }
  EXPECT_NEAR(rec.duration_s, 60 / 25.0, 0.05);
}

TEST(PipelinePts, VariableRatePtsMatchFfprobe) {
  auto dir = rt::scratch_dir("vfr");
  // 40 frames: 0.04 s steps for the first 20, then 0.1 s steps (VFR in Matroska).
  auto clip = rt::make_clip(dir, "vfr.mkv",
                            "-f lavfi -i testsrc2=size=160x120:rate=25 -frames:v 40 "
                            "-vf \"settb=1/1000,setpts='if(lt(N,20),N*0.04,0.8+(N-20)*0.1)/TB'\" -fps_mode passthrough "
                            "-c:v libx264 -pix_fmt yuv420p");
  auto rec = analyse_asset(clip, no_shots());
  ASSERT_EQ(rec.status, AssetStatus::ok) << rec.error;
  ASSERT_EQ(rec.frames, 40);
  std::istringstream probe(rt::run_capture(
      "ffprobe -v error -select_streams v -show_entries frame=pts_time -of csv=p=0 " + rt::shell_quote(clip.string())));
  std::vector<double> expected;
  for (std::string line; std::getline(probe, line);)
    if (!line.empty()) expected.push_back(std::stod(line));
  ASSERT_EQ(expected.size(), 40u);
  for (std::size_t i = 0; i < 40; ++i) EXPECT_NEAR(rec.series.pts_s[i], expected[i], 1e-6) << "frame " << i;
  // Really variable: the late steps are more than twice the early ones.
  EXPECT_GT(rec.series.pts_s[39] - rec.series.pts_s[38], 2 * (rec.series.pts_s[1] - rec.series.pts_s[0]));
}

TEST(PipelineRotation, DisplayMatrixIsAppliedToAnalysisImages) {
  auto dir = rt::scratch_dir("rot");
  auto plain = rt::make_clip(
      dir, "plain.mp4", "-f lavfi -i testsrc2=size=320x240:rate=25 -frames:v 20 -c:v libx264 -crf 12 -pix_fmt yuv420p");
  auto tagged =
      rt::make_clip(dir, "tagged.mp4", "-i " + rt::shell_quote(plain.string()) + " -c copy -metadata:s:v:0 rotate=90");
  // ffmpeg applies the display matrix when transcoding (autorotate): the upright reference.
  auto upright = rt::make_clip(dir, "upright.mp4",
                               "-i " + rt::shell_quote(tagged.string()) + " -c:v libx264 -crf 12 -pix_fmt yuv420p");

  auto a = analyse_asset(plain, no_shots());
  auto b = analyse_asset(tagged, no_shots());
  auto c = analyse_asset(upright, no_shots());
  ASSERT_EQ(b.frames, 20);
  ASSERT_EQ(c.frames, 20);
  EXPECT_NE(b.tech.streams[0].rotation_deg, 0.0);
  // The tagged clip analyses like the physically rotated one, not like the coded frames.
  EXPECT_LE(mean_hamming(b.series, c.series), 6);
  EXPECT_GE(mean_hamming(b.series, a.series), 16);
}

TEST(PipelineErrors, NotMediaIsAnErrorNamingTheFileAndFfmpegReason) {
  auto dir = rt::scratch_dir("bad");
  auto txt = dir / "readme.mov";
  { std::ofstream(txt) << "this is not a video\n"; }
  auto rec = analyse_asset(txt, no_shots());
  EXPECT_EQ(rec.status, AssetStatus::error);
  EXPECT_NE(rec.error.find(txt.string()), std::string::npos) << rec.error;
  EXPECT_NE(rec.error.find("Invalid data found when processing input"), std::string::npos) << rec.error;
  EXPECT_EQ(rec.fixity.size, 20u);
  EXPECT_EQ(rec.fixity.md5.size(), 32u);
}

TEST(PipelineErrors, AudioOnlyFileIsAValidAssetWithoutFrames) {
  auto dir = rt::scratch_dir("audio");
  auto wav = rt::make_clip(dir, "tone.wav", "-f lavfi -i sine=frequency=440:duration=1");
  auto rec = analyse_asset(wav, no_shots());
  EXPECT_EQ(rec.status, AssetStatus::ok) << rec.error;
  EXPECT_EQ(rec.frames, 0);
  EXPECT_EQ(rec.video_stream, -1);
  ASSERT_EQ(rec.tech.streams.size(), 1u);
  EXPECT_EQ(rec.tech.streams[0].type, "audio");
  EXPECT_EQ(rec.tech.streams[0].sample_rate, 44100);
  EXPECT_NEAR(rec.duration_s, 1.0, 0.05);
}

TEST(PipelineErrors, StillImageIsOneFrame) {
  auto dir = rt::scratch_dir("still");
  auto png = rt::make_clip(dir, "still.png", "-f lavfi -i testsrc2=size=64x48 -frames:v 1");
  auto rec = analyse_asset(png, no_shots());
  EXPECT_EQ(rec.status, AssetStatus::ok) << rec.error;
  EXPECT_EQ(rec.frames, 1);
}
