/// @file test_embedding.cpp
/// The embedding kernel (kernels/src/embedding.cpp) and its use in the
/// pipeline: shape, normalisation, determinism, invariances, and agreement
/// between the embedding the pipeline stores for a frame and the embedding of
/// the same frame grabbed with the ffmpeg CLI and read back as an image
/// (the query-by-image path).

#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "embed/image_embedding.hpp"
#include "pipeline/asset_pipeline.hpp"
#include "reelscale/kernels/embedding.hpp"
#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
namespace rk = reelscale::kernels;
namespace rt = reelscale::testing;

std::vector<float> embed(const cv::Mat& bgr) { return reelscale::embed::embed_bgr_image(bgr); }

/// A synthetic scene: gradient sky, a few rectangles and stripes.
cv::Mat scene_image(int variant, int w = 640, int h = 360) {
  cv::Mat m(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      m.at<cv::Vec3b>(y, x) = variant == 0 ? cv::Vec3b(uchar(200 - y / 3), uchar(120 + x / 8), 60)
                                           : cv::Vec3b(40, uchar(60 + y / 4), uchar(180 - x / 6));
  if (variant == 0) {
    cv::rectangle(m, {100, 150, 120, 180}, {20, 20, 200}, cv::FILLED);
    for (int x = 300; x < 600; x += 16) cv::line(m, {x, 200}, {x, 340}, {240, 240, 240}, 3);
  } else {
    cv::circle(m, {320, 180}, 120, {250, 250, 30}, cv::FILLED);
    for (int y = 20; y < 340; y += 20) cv::line(m, {0, y}, {640, y + 40}, {10, 10, 10}, 2);
  }
  return m;
}

TEST(Embedding, ShapeNormDeterminism) {
  const cv::Mat img = scene_image(0);
  const auto a = embed(img), b = embed(img);
  ASSERT_EQ(a.size(), std::size_t(rk::kEmbeddingDim));
  EXPECT_EQ(rk::kEmbeddingDim, 432);
  EXPECT_EQ(a, b);
  double n = 0;
  for (float x : a) n += double(x) * x;
  EXPECT_NEAR(n, 1.0, 1e-5);
  EXPECT_NEAR(rk::dot(a, a), 1.0f, 1e-5);
}

TEST(Embedding, SimilarStaysCloseDifferentDoesNot) {
  const cv::Mat a = scene_image(0), b = scene_image(1);
  cv::Mat brighter, shifted, noisy, smaller;
  a.convertTo(brighter, -1, 1.1, 10);
  cv::Mat t = (cv::Mat_<double>(2, 3) << 1, 0, 6, 0, 1, 4);
  cv::warpAffine(a, shifted, t, a.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  noisy = a.clone();
  cv::Mat nz(a.size(), CV_8UC3);
  cv::theRNG().state = 42;
  cv::randn(nz, cv::Scalar::all(0), cv::Scalar::all(6));
  cv::add(a, nz, noisy);
  cv::resize(a, smaller, {320, 180}, 0, 0, cv::INTER_AREA);
  const auto ea = embed(a);
  EXPECT_GT(rk::dot(ea, embed(brighter)), 0.95f);
  EXPECT_GT(rk::dot(ea, embed(shifted)), 0.9f);
  EXPECT_GT(rk::dot(ea, embed(noisy)), 0.9f);
  EXPECT_GT(rk::dot(ea, embed(smaller)), 0.97f);
  EXPECT_LT(rk::dot(ea, embed(b)), 0.5f);
}

TEST(Embedding, FlatImagesAndErrors) {
  cv::Mat black(90, 160, CV_8UC3, cv::Scalar::all(0)), white(90, 160, CV_8UC3, cv::Scalar::all(255));
  const auto eb = embed(black), ew = embed(white);
  EXPECT_NEAR(rk::dot(eb, eb), 1.0f, 1e-5);
  EXPECT_LT(rk::dot(eb, ew), 0.0f);  // only the colour layout differs: opposite luma
  std::vector<float> out(rk::kEmbeddingDim), bad(10);
  std::vector<std::uint8_t> px(64 * 36 * 3, 128);
  const rk::GrayView g{px.data(), 64, 36, 64};
  const rk::BgrView c{px.data(), 16, 9, 48};
  EXPECT_THROW(rk::image_embedding(g, c, bad), std::invalid_argument);
  EXPECT_THROW(rk::image_embedding(rk::GrayView{px.data(), 2, 2, 2}, c, out), std::invalid_argument);
  EXPECT_NO_THROW(rk::image_embedding(g, c, out));
}

TEST(Embedding, PipelineFrameMatchesGrabbedImage) {
  const fs::path dir = rt::scratch_dir("embedding");
  const fs::path clip = dir / "clip.mp4";
  ASSERT_EQ(rt::run_shell("ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=25 "
                          "-frames:v 50 -c:v libx264 -crf 12 -pix_fmt yuv420p " +
                          rt::shell_quote(clip.string()) + " </dev/null"),
            0);
  const auto rec = reelscale::pipeline::analyse_asset(clip);
  ASSERT_EQ(rec.frames, 50);
  ASSERT_FALSE(rec.scenes.embedded_frames.empty());
  ASSERT_EQ(rec.scenes.embedding_dim, rk::kEmbeddingDim);
  const std::int64_t f = rec.scenes.embedded_frames[0];
  const fs::path png = dir / "frame.png";
  ASSERT_EQ(rt::run_shell("ffmpeg -nostdin -hide_banner -loglevel error -y -i " + rt::shell_quote(clip.string()) +
                          " -vf 'select=eq(n\\," + std::to_string(f) + ")' -frames:v 1 " +
                          rt::shell_quote(png.string()) + " </dev/null"),
            0);
  const auto q = reelscale::embed::embed_image_file(png);
  const std::vector<float> stored(rec.scenes.frame_embeddings.begin(),
                                  rec.scenes.frame_embeddings.begin() + rk::kEmbeddingDim);
  EXPECT_GT(rk::dot(q, stored), 0.95f) << "frame " << f;
  ASSERT_EQ(rec.scenes.scenes.size(), rec.scenes.keyframe_jpeg.size());
  EXPECT_FALSE(rec.scenes.keyframe_jpeg[0].empty());
}

}  // namespace
