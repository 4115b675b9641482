// Frame alignment of a rendition whose source's video starts after the file does (issue 14;
// longtake_vp8.webm's video starts at 3 ms, its audio at 0, which made bench/outputs_check.py
// compare every rung frame with the source frame before it). The rendition's time origin is
// its first video frame, so frame k of a rung must be frame k of the source. Source: 6 s of
// longtake_vp8.webm from its key frame at 24 s (a cut, a fade and moving water), remuxed with
// the video 0.1 s after the audio. Reference: a lossless rung (CRF 0) against ffmpeg's own
// bicubic scale of the source, compared with ffmpeg's ssim filter on a common time origin
// (setpts=PTS-STARTPTS): it must be bit-exact, over as many frame pairs as ffprobe counts
// in the source. The same comparison paired by the raw timestamps (the old check) must score
// clearly lower, so the test also shows that such a lag is visible.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>

#include "support/test_support.hpp"
#include "test_outputs_support.hpp"

namespace fs = std::filesystem;
using namespace reelscale;
using reelscale::testing::run_capture;
using reelscale::testing::shell_quote;

namespace {

/// Mean SSIM ("All") and frames compared of `enc` against `src` scaled by ffmpeg to W x H
/// (bicubic); `common_origin`: both streams shifted to start at 0 before pairing.
std::pair<double, int> ssim(const fs::path& enc, const fs::path& src, int w, int h, bool common_origin) {
  const std::string zero = common_origin ? ",setpts=PTS-STARTPTS" : "";
  const fs::path stats = enc.parent_path() / (common_origin ? "ssim_origin.log" : "ssim_raw.log");
  const std::string cmd = "ffmpeg -nostdin -hide_banner -i " + shell_quote(enc.string()) + " -i " +
                          shell_quote(src.string()) + " -lavfi \"[1:v]scale=" + std::to_string(w) + ":" +
                          std::to_string(h) + ":flags=bicubic,format=yuv420p" + zero + "[r];[0:v]format=yuv420p" +
                          zero + "[d];[d][r]ssim=stats_file=" + stats.string() + "\" -f null - 2>&1";
  const std::string out = run_capture(cmd);
  std::smatch m;
  static const std::regex all("SSIM Y:.* All:([0-9.]+)");
  std::ifstream in(stats);
  int frames = 0;
  for (std::string line; std::getline(in, line);) frames += line.rfind("n:", 0) == 0;
  return {std::regex_search(out, m, all) ? std::stod(m[1]) : -1.0, frames};
}

}  // namespace

TEST(OutputsTiming, RungFramesAlignWithALateStartingSourceVideo) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  const fs::path dir = reelscale::testing::scratch_dir("outputs_timing");
  const fs::path src = dir / "late_video.webm";
  const std::string lt = shell_quote((corpus / "longtake_vp8.webm").string());
  ASSERT_EQ(reelscale::testing::run_shell("ffmpeg -nostdin -v error -y -ss 24.003 -i " + lt +
                                          " -ss 24.003 -itsoffset 0.1 -i " + lt + " -map 1:v -map 0:a -t 6 -c copy " +
                                          shell_quote(src.string())),
            0);
  // The premise: ffprobe sees the video start > 50 ms after the audio.
  const std::string starts = run_capture("ffprobe -v error -show_entries stream=codec_type,start_time -of csv=p=0 " +
                                         shell_quote(src.string()));
  std::smatch sm;
  ASSERT_TRUE(std::regex_search(starts, sm, std::regex("video,([0-9.]+)\\s+audio,([0-9.]+)"))) << starts;
  ASSERT_GT(std::stod(sm[1]) - std::stod(sm[2]), 0.05) << starts;
  const std::string counted = run_capture(
      "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
      "stream=nb_read_frames -of csv=p=0 " +
      shell_quote(src.string()));
  const int source_frames = std::atoi(counted.c_str());
  ASSERT_GT(source_frames, 100);
  outputs::OutputsOptions o;
  o.enabled = true;
  o.rungs = {{480, 0}};
  o.encoder.crf = 0;  // lossless: any difference is scaling or alignment, not the encoder
  o.preview_s = 0;
  o.thumbnails = 1;
  const fs::path out = dir / "out";
  const auto [rec, res] = reelscale::testing::analyse_with_outputs(src, o, out);
  ASSERT_EQ(rec.status, AssetStatus::ok) << rec.error;
  int rungs = 0;
  for (const auto& e : res.outputs) {
    if (e.kind != "rendition") continue;
    ++rungs;
    const fs::path f = out / e.path;
    const auto [aligned, n] = ssim(f, src, e.width, e.height, true);
    const auto [by_time, n_by_time] = ssim(f, src, e.width, e.height, false);
    std::printf("%dx%d lossless rung: SSIM %.6f on a common origin (%d frames), %.6f paired by raw timestamps\n",
                e.width, e.height, aligned, n, by_time);
    EXPECT_GE(aligned, 0.9999) << "rung frame k is not the source's frame k scaled by ffmpeg";
    EXPECT_EQ(n, source_frames) << "frame pairs compared";
    EXPECT_LT(by_time, aligned - 0.01) << "a one-frame lag should be visible on this moving content";
  }
  EXPECT_EQ(rungs, 1);
}
