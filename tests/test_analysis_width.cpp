/// @file test_analysis_width.cpp
/// `--analysis-width` is part of the catalog (issue 10): the run records it per asset
/// (catalog attribute and sidecar member), `query --image` on a catalog measured at 320 px
/// names the grabbed frame (±1), and `--resume` with another width is refused without
/// touching the finished catalog. (Measured: the thumbnail distance of RGB frame grabs to
/// the stored luma thumbnails is dominated by the RGB->grey difference, about 0.016 at
/// either width, so it is printed, not asserted.)

#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "catalog/catalog_reader.hpp"
#include "reelscale/kernels/frame_kernels.hpp"
#include "search/frame_match.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
namespace rt = reelscale::testing;
using nlohmann::json;

namespace {

TEST(AnalysisWidth, RecordedUsedByQueryAndGuardedOnResume) {
  const auto corpus = rt::corpus_dir();
  if (!corpus) GTEST_SKIP() << "corpus not found (REELSCALE_CORPUS)";
  const fs::path video = *corpus / "longtake_vp8.webm";
  ASSERT_TRUE(fs::exists(video));
  const fs::path out = rt::scratch_dir("analysis_width");
  const std::string bin = rt::shell_quote(rt::reelscale_binary().string());
  ASSERT_EQ(rt::run_shell(bin + " run --input " + rt::shell_quote(video.string()) + " --out " +
                          rt::shell_quote(out.string()) + " --analysis-width 320 --no-report >/dev/null 2>&1"),
            0);
  const auto rows = reelscale::catalog::read_assets_table(out / "catalog.h5");
  ASSERT_EQ(rows.size(), 1u);
  const auto rec = reelscale::catalog::read_asset(out / "catalog.h5", rows[0].id, /*with_frames=*/true);
  EXPECT_EQ(rec.analysis_width, 320);
  const json side = json::parse(std::ifstream(out / "assets" / (rows[0].id + ".json")));
  EXPECT_EQ(side.value("analysis_width", 0), 320);

  // Frame grabs measured at the catalog's width are nearer the stored thumbnails.
  double d_at_320 = 0, d_at_256 = 0;
  for (std::int64_t f : {100, 400, 700}) {
    const fs::path png = out / ("grab" + std::to_string(f) + ".png");
    ASSERT_EQ(rt::run_shell("ffmpeg -nostdin -loglevel error -y -i " + rt::shell_quote(video.string()) +
                            " -vf 'select=eq(n\\," + std::to_string(f) + ")' -frames:v 1 " +
                            rt::shell_quote(png.string())),
              0);
    const cv::Mat img = cv::imread(png.string(), cv::IMREAD_COLOR);
    ASSERT_FALSE(img.empty());
    const auto stored = rec.series.thumbnail(std::size_t(f));
    d_at_320 += reelscale::kernels::thumbnail_distance(reelscale::search::image_signature(img, 320).thumb, stored);
    d_at_256 += reelscale::kernels::thumbnail_distance(reelscale::search::image_signature(img, 256).thumb, stored);
    int st = 0;
    const std::string res = rt::run_capture(bin + " query " + rt::shell_quote(out.string()) + " --image " +
                                                rt::shell_quote(png.string()) + " -k 3 --json",
                                            &st);
    ASSERT_EQ(st, 0) << res;
    const json j = json::parse(res);
    ASSERT_FALSE(j.empty());
    ASSERT_FALSE(j[0]["match_frame"].is_null()) << res;
    EXPECT_LE(std::llabs(j[0]["match_frame"].get<std::int64_t>() - f), 1) << "grab of frame " << f << ": " << res;
  }
  std::printf("thumbnail distance of 3 grabs: %.4f at 320 px (catalog), %.4f at 256 px\n", d_at_320, d_at_256);

  // --resume with another width would mix widths in one catalog: refused, catalog kept.
  const auto before = fs::file_size(out / "catalog.h5");
  EXPECT_NE(rt::run_shell(bin + " run --resume --input " + rt::shell_quote(video.string()) + " --out " +
                          rt::shell_quote(out.string()) + " --analysis-width 256 --no-report >/dev/null 2>&1"),
            0);
  EXPECT_EQ(fs::file_size(out / "catalog.h5"), before);
  EXPECT_EQ(reelscale::catalog::read_asset(out / "catalog.h5", rows[0].id, false).analysis_width, 320);
}

}  // namespace
