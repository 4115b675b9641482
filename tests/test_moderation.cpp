// Moderation: the converted nsfwjs network against nsfwjs itself under node (real
// pictures), the flagging rules, and no programme of the dev corpus flagged.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "record/asset_record.hpp"
#include "moderation/moderation_analyser.hpp"
#include "support/test_support.hpp"
#include "util/model_dir.hpp"

using namespace reelscale;
namespace rt = reelscale::testing;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<moderation::NsfwClassifier> make_net() {
  auto m = util::find_model("moderation", "nsfw_mobilenet_v2.onnx");
  return m ? std::make_shared<moderation::NsfwClassifier>(*m) : nullptr;
}

/// node_modules with nsfwjs@4.4.0 + @tensorflow/tfjs@4.22.0 (installed on first use into
/// $REELSCALE_NODE_REF, default ~/.cache/reelscale/node-ref); empty when unavailable.
fs::path node_ref_dir() {
  const char* env = std::getenv("REELSCALE_NODE_REF");
  const char* home = std::getenv("HOME");
  fs::path dir = env && *env ? fs::path(env) : fs::path(home ? home : "/tmp") / ".cache/reelscale/node-ref";
  if (fs::exists(dir / "node_modules/nsfwjs/package.json") && fs::exists(dir / "node_modules/@tensorflow/tfjs"))
    return dir / "node_modules";
  fs::create_directories(dir);
  const int rc = rt::run_shell("npm install --silent --no-audit --no-fund --prefix " + rt::shell_quote(dir.string()) +
                                    " nsfwjs@4.4.0 @tensorflow/tfjs@4.22.0 buffer@6.0.3 >/dev/null 2>&1");
  return rc == 0 ? dir / "node_modules" : fs::path{};
}

/// 224x224 RGB version of a picture, exactly what both runtimes receive.
cv::Mat rgb224(const cv::Mat& bgr) {
  cv::Mat r;
  cv::resize(bgr, r, {224, 224}, 0, 0, cv::INTER_AREA);
  cv::cvtColor(r, r, cv::COLOR_BGR2RGB);
  return r;
}

}  // namespace

TEST(Moderation, ConvertedNetworkMatchesNsfwjs) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  auto net = make_net();
  if (!net) GTEST_SKIP() << "moderation model absent: run models/moderation/prepare.sh";
  const fs::path nm = node_ref_dir();
  if (nm.empty()) GTEST_SKIP() << "node reference (nsfwjs + @tensorflow/tfjs) could not be installed";
  const fs::path tmp = rt::scratch_dir("moderation_ref");
  std::vector<cv::Mat> pics;
  for (const char* f : {"ocr/images/017.png", "ocr/images/035.jpg", "ocr/images/042.png", "ocr/images/026.jpg",
                        "faces/images/001.jpg", "faces/images/004.jpg"}) {
    cv::Mat m = cv::imread((corpus.parent_path() / f).string());
    if (!m.empty()) pics.push_back(rgb224(m));
  }
  for (const char* v : {"documentary_h264.mp4", "newsreel_mpeg2.mpg"}) {
    const fs::path png = tmp / (std::string(v) + ".png");
    rt::run_shell("ffmpeg -v error -ss 10 -i " + rt::shell_quote((corpus / v).string()) + " -frames:v 1 -y " +
                       rt::shell_quote(png.string()));
    cv::Mat m = cv::imread(png.string());
    if (!m.empty()) pics.push_back(rgb224(m));
  }
  ASSERT_GE(pics.size(), 6u);
  {
    std::ofstream raw(tmp / "pics.rgb", std::ios::binary);
    for (const auto& p : pics) raw.write(reinterpret_cast<const char*>(p.data), std::streamsize(p.total() * 3));
  }
  int status = 0;
  const std::string out = rt::run_capture(
      "NODE_PATH=" + rt::shell_quote(nm.string()) + " node " +
          rt::shell_quote(std::string(REELSCALE_SOURCE_DIR) + "/models/moderation/nsfwjs_reference.js") + " " +
          rt::shell_quote((tmp / "pics.rgb").string()) + " 2>/dev/null",
      &status);
  ASSERT_EQ(status, 0) << out;
  const auto last = out.rfind("[[");
  ASSERT_NE(last, std::string::npos) << out;
  const auto ref = nlohmann::json::parse(out.substr(last, out.find('\n', last) - last));
  ASSERT_EQ(ref.size(), pics.size());
  double worst = 0;
  for (std::size_t i = 0; i < pics.size(); ++i) {
    const auto s = net->classify_rgb(pics[i]);
    for (int c = 0; c < 5; ++c) worst = std::max(worst, std::abs(double(s[c]) - ref[i][c].get<double>()));
  }
  EXPECT_LE(worst, 1e-4);
  std::cout << "max |OpenCV - nsfwjs| over " << pics.size() << " pictures x 5 classes: " << worst << "\n";
}

TEST(Moderation, FlagsMergeConsecutiveSamples) {
  std::vector<moderation::FrameScores> f;
  for (int i = 0; i < 6; ++i) {
    moderation::NsfwScores s{0.05f, 0.0f, 0.9f, 0.05f, 0.0f};
    if (i == 2 || i == 3) s = {0.0f, 0.0f, 0.1f, 0.85f, 0.05f};  // Porn at samples 2-3
    if (i == 5) s = {0.0f, 0.0f, 0.25f, 0.0f, 0.75f};             // Sexy below 0.80
    f.push_back({i * 25, double(i), s, 0.4, i / 2, true});  // shots {0,1} {2,3} {4,5}
  }
  moderation::ModerationOptions o;
  o.explicit_score = 0.60f;
  const auto v = moderation::moderate(f, o);
  EXPECT_FALSE(v.safe);
  ASSERT_EQ(v.flags.size(), 1u);
  EXPECT_EQ(v.flags[0].label, "Porn");
  EXPECT_DOUBLE_EQ(v.flags[0].start_s, 2.0);
  EXPECT_DOUBLE_EQ(v.flags[0].end_s, 4.0);
  EXPECT_FLOAT_EQ(v.flags[0].score, 0.85f);
}

TEST(Moderation, PolicyNeedsSkinAgreementAndSexySupport) {
  const moderation::NsfwScores porn{0.0f, 0.1f, 0.0f, 0.9f, 0.0f}, sexy{0.0f, 0.0f, 0.1f, 0.0f, 0.9f},
      neutral{0.05f, 0.0f, 0.9f, 0.05f, 0.0f};
  // explicit evidence on a picture with little skin (the cockatoo case) is no evidence
  EXPECT_TRUE(moderation::moderate({{0, 0.0, porn, 0.05, 0, true}}, {}).safe);
  // Porn + Hentai counts together: 0.48 + 0.48 >= 0.95
  const moderation::NsfwScores mixed{0.0f, 0.48f, 0.02f, 0.48f, 0.02f};
  EXPECT_FALSE(moderation::moderate({{0, 0.0, mixed, 0.5, 0, true}}, {}).safe);
  // a shot's majority must agree: one explicit picture of three is not a flag
  EXPECT_TRUE(moderation::moderate({{0, 0.0, porn, 0.5, 0, true}, {25, 1.0, neutral, 0.5, 0, true},
                                    {50, 2.0, neutral, 0.5, 0, true}}, {}).safe);
  // Sexy needs two agreeing pictures of the shot
  EXPECT_TRUE(moderation::moderate({{0, 0.0, sexy, 0.5, 0, true}}, {}).safe);
  const auto v = moderation::moderate({{0, 0.0, sexy, 0.5, 0, true}, {25, 1.0, sexy, 0.5, 0, true},
                                       {50, 2.0, neutral, 0.5, 0, true}}, {});
  ASSERT_EQ(v.flags.size(), 1u);
  EXPECT_EQ(v.flags[0].label, "Sexy");
  EXPECT_DOUBLE_EQ(v.flags[0].end_s, 2.0);
  // run copies (classified = false) extend the span but do not vote
  const auto w = moderation::moderate({{0, 0.0, porn, 0.5, 0, true}, {25, 1.0, porn, 0.5, 0, false},
                                       {50, 2.0, porn, 0.5, 0, false}, {75, 3.0, neutral, 0.5, 0, true}}, {});
  EXPECT_TRUE(w.safe);  // 1 of 2 classified pictures: no strict majority
}

// Issue 13: no programme of the dev corpus flagged. The cockatoo close-up (source
// "cockatoo") scores Porn 0.93-0.98 in both nsfwjs networks; it is not flagged because its
// pictures hold almost no skin-coloured pixels (0.00-0.09, skin gate 0.15, set from the
// skin-filter principle, docs/moderation.md), not by a threshold raised on the dev corpus.
TEST(Moderation, NoDevProgrammeFlagged) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  auto net = make_net();
  if (!net) GTEST_SKIP() << "moderation model absent: run models/moderation/prepare.sh";
  const auto progs = rt::corpus_programmes(corpus);
  ASSERT_FALSE(progs.empty());
  for (const auto& p : progs) {
    const fs::path dir = rt::scratch_dir("moderation_" + p.name);
    ASSERT_EQ(rt::run_shell("ffmpeg -v error -i " + rt::shell_quote(p.video.string()) +
                            " -vf fps=1,scale=448:-2 -y " + rt::shell_quote((dir / "%04d.png").string())),
              0);
    moderation::ModerationAnalyser a(net);
    int n = 0;
    for (; fs::exists(dir / cv::format("%04d.png", n + 1)); ++n)
      a.analyse({n * 25, double(n), cv::imread((dir / cv::format("%04d.png", n + 1)).string()), 1.0});
    ASSERT_GT(n, 10) << p.name;
    const auto r = a.finish(AssetRecord{});  // no selected frames: every sample is a candidate
    EXPECT_LE(r.tables.at(0).rows(), std::size_t(n));
    EXPECT_TRUE(r.sidecar["safe"].get<bool>()) << p.name << ": " << r.sidecar.dump();
    std::cout << p.name << ": " << n << " samples, " << r.tables.at(0).rows() << " classified, " << r.sidecar.dump() << "\n";
  }
}

// Held-out real photos (corpus/faces, not the dev corpus): press photos of dressed people
// are not flagged, and the skin gate does see their skin (it is not blind to people).
TEST(Moderation, RealPhotosOfPeopleSafeAndSeenBySkinGate) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  auto net = make_net();
  if (!net) GTEST_SKIP() << "moderation model absent: run models/moderation/prepare.sh";
  const fs::path faces = corpus.parent_path() / "faces/images";
  if (!fs::is_directory(faces)) GTEST_SKIP() << "no corpus/faces next to the dev corpus";
  int n = 0, gated_in = 0;
  double worst = 0;
  for (const auto& e : fs::directory_iterator(faces)) {
    const cv::Mat img = cv::imread(e.path().string());
    if (img.empty()) continue;
    moderation::ModerationAnalyser a(net);
    cv::Mat small;
    const double s = 448.0 / std::max(img.cols, img.rows);
    cv::resize(img, small, {}, s, s, cv::INTER_AREA);
    a.analyse({0, 0.0, small, 1.0});
    const auto r = a.finish(AssetRecord{});
    ++n;
    gated_in += r.tables.at(0).rows() > 0 ? 1 : 0;
    if (r.tables.at(0).rows() > 0) {
      const auto& sc = std::get<std::vector<float>>(r.tables.at(0).column("scores").values);
      worst = std::max(worst, double(sc[1] + sc[3]));
    }
    EXPECT_TRUE(r.sidecar["safe"].get<bool>()) << e.path() << ": " << r.sidecar.dump();
  }
  ASSERT_GT(n, 20);
  std::cout << n << " photos, " << gated_in << " past the skin gate, highest Porn+Hentai " << worst << "\n";
  EXPECT_GE(2 * gated_in, n);  // at least half of these photos of people show enough skin
}
