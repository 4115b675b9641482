/// Parity of the converted descriptor (ONNX, OpenCV DNN) with face-api.js itself
/// (@vladmandic/face-api 1.7.15 on the pure-JS @tensorflow/tfjs 4.22 CPU backend, under
/// node) on aligned chips of real faces from corpus/faces.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include <opencv2/imgcodecs.hpp>

#include "faces/face_align.hpp"
#include "faces_test_support.hpp"

namespace fs = std::filesystem;
using namespace reelscale;

namespace {

/// node_modules with face-api + tfjs (tests/reference/install.sh), or empty.
fs::path node_modules() {
  const char* e = std::getenv("REELSCALE_NODE_FACES");
  const char* home = std::getenv("HOME");
  fs::path dir = e && *e ? fs::path(e) : fs::path(home ? home : "/root") / ".cache/reelscale/node-faces";
  return fs::exists(dir / "node_modules/@vladmandic/face-api/model/face_recognition_model.bin") ? dir / "node_modules"
                                                                                                : fs::path();
}

std::vector<std::vector<double>> parse_lines(const std::string& text) {
  std::vector<std::vector<double>> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] == '[') out.push_back(nlohmann::json::parse(line).get<std::vector<double>>());
  return out;
}

}  // namespace

TEST(FacesParity, ConvertedDescriptorMatchesFaceApiOnRealChips) {
  REELSCALE_REQUIRE_FACE_MODELS(models);
  REELSCALE_REQUIRE_FACES_CORPUS(corpus);
  const fs::path nm = node_modules();
  if (nm.empty()) GTEST_SKIP() << "node reference packages absent: run tests/reference/install.sh";
  const fs::path tmp = reelscale::testing::scratch_dir("faces_parity");
  std::vector<fs::path> chips;
  std::vector<faces::Descriptor> ours;
  for (const char* name : {"001.jpg", "009.jpg", "017.jpg", "023.jpg", "028.jpg", "035.jpg", "047.jpg", "055.jpg"}) {
    const cv::Mat img = cv::imread((corpus / "images" / name).string(), cv::IMREAD_COLOR);
    ASSERT_FALSE(img.empty()) << name;
    const auto dets = models.detector->detect(img);
    ASSERT_FALSE(dets.empty()) << "no face found in " << name;
    const cv::Mat chip = faces::align_face(img, dets.front());
    chips.push_back(tmp / (std::string(name) + ".ppm"));
    ASSERT_TRUE(cv::imwrite(chips.back().string(), chip));
    ours.push_back(models.embedder->embed(chip));
  }
  std::string cmd = "NODE_PATH=" + reelscale::testing::shell_quote(nm.string()) + " node " +
                    reelscale::testing::shell_quote(std::string(REELSCALE_SOURCE_DIR) +
                                         "/tests/reference/face_descriptor_reference.js") +
                    " " + reelscale::testing::shell_quote((nm / "@vladmandic/face-api/model").string());
  for (const auto& c : chips) cmd += " " + reelscale::testing::shell_quote(c.string());
  int status = -1;
  const auto ref = parse_lines(reelscale::testing::run_capture(cmd + " 2>/dev/null", &status));
  ASSERT_EQ(status, 0) << cmd;
  ASSERT_EQ(ref.size(), chips.size());
  double worst = 0;
  for (std::size_t i = 0; i < chips.size(); ++i) {
    ASSERT_EQ(ref[i].size(), 128u);
    double norm = 0;
    for (int k = 0; k < 128; ++k) {
      worst = std::max(worst, std::abs(ref[i][k] - ours[i][k]));
      norm += ref[i][k] * ref[i][k];
    }
    EXPECT_GT(std::sqrt(norm), 0.1) << "degenerate reference descriptor for " << chips[i];
  }
  std::cout << "max |onnx - face-api| over " << chips.size() << " chips: " << worst << "\n";
  EXPECT_LT(worst, 1e-4);
}
