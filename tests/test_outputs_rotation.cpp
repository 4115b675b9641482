// Media outputs of a rotated source (display matrix, issue 14): renditions and
// thumbnails come out upright, as ffmpeg's autorotate shows the file. Reference:
// the ffmpeg CLI itself (it autorotates its input by default), compared with its
// ssim filter; sizes with ffprobe.
#include <gtest/gtest.h>

#include <cmath>
#include <regex>

#include "support/test_support.hpp"
#include "test_outputs_support.hpp"

namespace fs = std::filesystem;
using namespace reelscale;
using reelscale::testing::run_capture;
using reelscale::testing::shell_quote;

namespace {

/// Mean SSIM ("All") of `enc` against ffmpeg's autorotated decode of `src` scaled to
/// W x H with `flags`; `frame` >= 0: only that decoded frame of `src` (a still image).
double ssim(const fs::path& enc, const fs::path& src, int w, int h, const std::string& flags, long frame = -1) {
  const std::string pick = frame >= 0 ? "select=eq(n\\," + std::to_string(frame) + ")," : "";
  const std::string cmd = "ffmpeg -nostdin -hide_banner -i " + shell_quote(enc.string()) + " -i " +
                          shell_quote(src.string()) + " -lavfi \"[1:v]" + pick + "scale=" + std::to_string(w) + ":" +
                          std::to_string(h) + ":flags=" + flags +
                          ",format=yuv420p[r];[0:v]format=yuv420p[d];[d][r]ssim\" -f null - 2>&1";
  std::smatch m;
  const std::string out = run_capture(cmd);
  static const std::regex re("All:([0-9.]+)");
  return std::regex_search(out, m, re) ? std::stod(m[1]) : -1;
}

std::string probe(const fs::path& f, const std::string& entries) {
  std::string s = run_capture("ffprobe -v error -select_streams v:0 -show_entries " + entries + " -of csv=p=0 " +
                              shell_quote(f.string()));
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

void check_rotated(const fs::path& corpus, int rotate) {
  const fs::path dir = reelscale::testing::scratch_dir("outputs_rotation_" + std::to_string(rotate));
  const fs::path src = dir / ("rot" + std::to_string(rotate) + ".mp4");
  ASSERT_EQ(reelscale::testing::run_shell(
                "ffmpeg -nostdin -v error -y -i " + shell_quote((corpus / "documentary_h264.mp4").string()) +
                " -t 6 -c copy -metadata:s:v rotate=" + std::to_string(rotate) + " " + shell_quote(src.string())),
            0);
  // The reference sees the display matrix (else the test would prove nothing).
  ASSERT_NE(probe(src, "stream_side_data=rotation"), "") << "ffmpeg wrote no display matrix";
  const bool quarter = rotate % 180 != 0;
  outputs::OutputsOptions o;
  o.enabled = true;
  o.rungs = {{480, 0}};
  o.preview_s = 0;
  o.thumbnails = 3;
  const fs::path out = dir / "out";
  const auto [rec, res] = reelscale::testing::analyse_with_outputs(src, o, out);
  ASSERT_EQ(rec.status, AssetStatus::ok) << rec.error;
  EXPECT_TRUE(res.errors.empty()) << res.to_json().dump();
  int rungs = 0, images = 0;
  for (const auto& e : res.outputs) {
    const fs::path f = out / e.path;
    SCOPED_TRACE(f.string());
    if (e.kind == "rendition") {
      ++rungs;
      // 1280x720 turned a quarter: 720x1280 upright -> 480 lines, 270 wide.
      EXPECT_EQ(probe(f, "stream=width,height"), quarter ? "270,480" : "854,480");
      EXPECT_EQ(probe(f, "stream_side_data=rotation"), "") << "the rendition must be upright, not flagged";
      const double s = ssim(f, src, e.width, e.height, "bicubic");
      std::printf("rotate=%d rendition %dx%d SSIM %.4f vs ffmpeg autorotate\n", rotate, e.width, e.height, s);
      EXPECT_GE(s, 0.95);
    } else if (e.kind == "thumbnail" || e.kind == "poster") {
      ++images;
      EXPECT_EQ(quarter, e.height > e.width) << e.width << "x" << e.height;
      const double s = ssim(f, src, e.width, e.height, "area", std::lround(e.pts_s * 25.0));  // 25 fps source
      std::printf("rotate=%d %s %dx%d at %.2f s SSIM %.4f\n", rotate, e.kind.c_str(), e.width, e.height, e.pts_s, s);
      EXPECT_GE(s, 0.9);
    }
  }
  EXPECT_EQ(rungs, 1);
  EXPECT_GE(images, 2);
}

}  // namespace

TEST(OutputsRotation, QuarterTurnGivesUprightRenditionAndThumbnails) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  check_rotated(corpus, 90);
}

TEST(OutputsRotation, HalfTurnGivesUprightRenditionAndThumbnails) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  check_rotated(corpus, 180);
}
