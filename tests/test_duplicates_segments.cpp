/// @file test_duplicates_segments.cpp
/// Reused segments against the corpus truth (src/duplicates): the active-area tick codes
/// (area_codes.hpp) of one real frame placed by the ffmpeg CLI into other frame geometries,
/// and the segment pairs found by `reelscale run` (post-merge step, tick analyser on by
/// default) between the newsreel and the documentary plus re-encodings of the
/// documentary made here (other codec, half size, 29.97 fps, letterbox), scored like
/// bench/bench_duplicates_eval.py against the truth files' `segments`.

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "catalog/catalog_reader.hpp"
#include "duplicates/area_codes.hpp"
#include "duplicates/tick_analyser.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace reelscale;
using namespace reelscale::duplicates;
using reelscale::testing::run_capture;
using reelscale::testing::run_shell;
using reelscale::testing::shell_quote;

namespace {

/// pHash of the active area of a picture file, as the tick analyser computes it (one sample).
std::uint64_t area_code_of(const fs::path& png, FrameBox* box = nullptr) {
  const cv::Mat img = cv::imread(png.string(), cv::IMREAD_COLOR);
  if (img.empty()) throw std::runtime_error("cannot read " + png.string());
  std::vector<TickSample> s{make_sample(img, 0, 0, 160)};
  const TickCodes c = tick_codes(std::move(s), {0}, 5);
  if (box) *box = c.box.at(0);
  return c.phash.at(0);
}

}  // namespace

TEST(DuplicatesAreaCodes, OnePictureInFiveFrameGeometriesHashesAlike) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  const fs::path tmp = reelscale::testing::scratch_dir("duplicates_area");
  // A megamind frame of the documentary (1280x720, full frame) and the same picture placed
  // like make_corpus.py does (scale to fit, pad with black) into the other dev geometries.
  const fs::path src = tmp / "src.png";
  ASSERT_EQ(run_shell("ffmpeg -v error -y -ss 26 -i " + shell_quote((corpus / "documentary_h264.mp4").string()) +
                      " -frames:v 1 " + shell_quote(src.string())),
            0);
  FrameBox ref_box;
  const std::uint64_t ref = area_code_of(src, &ref_box);
  // Megamind (720x528) is pillarboxed in the 1280x720 documentary.
  const double ref_aspect = (ref_box.x1 - ref_box.x0) * 1280 / ((ref_box.y1 - ref_box.y0) * 720);
  EXPECT_LT(ref_box.x1 - ref_box.x0, 0.8) << "pillarbox not found";
  for (const auto& [w, h] :
       std::vector<std::pair<int, int>>{{720, 576}, {640, 480}, {480, 360}, {640, 360}, {960, 540}}) {
    const fs::path out = tmp / ("placed_" + std::to_string(w) + "x" + std::to_string(h) + ".png");
    const std::string vf = "scale=" + std::to_string(w) + ":" + std::to_string(h) +
                           ":force_original_aspect_ratio=decrease,pad=" + std::to_string(w) + ":" + std::to_string(h) +
                           ":(ow-iw)/2:(oh-ih)/2";
    ASSERT_EQ(run_shell("ffmpeg -v error -y -i " + shell_quote(src.string()) + " -vf " + shell_quote(vf) + " " +
                        shell_quote(out.string())),
              0);
    FrameBox box;
    const std::uint64_t c = area_code_of(out, &box);
    const double aspect = (box.x1 - box.x0) * w / ((box.y1 - box.y0) * h);
    EXPECT_NEAR(aspect, ref_aspect, 0.05 * ref_aspect) << w << "x" << h << ": the active box keeps the picture's shape";
    EXPECT_LE(std::popcount(c ^ ref), 4) << w << "x" << h << ": the active-area code must not see the bars";
  }
  // A different picture of the same programme (another source, 10 s later) is far away.
  const fs::path other = tmp / "other.png";
  ASSERT_EQ(run_shell("ffmpeg -v error -y -ss 36 -i " + shell_quote((corpus / "documentary_h264.mp4").string()) +
                      " -frames:v 1 " + shell_quote(other.string())),
            0);
  EXPECT_GE(std::popcount(area_code_of(other) ^ ref), 16);
}
