// Tests for the per-frame kernels (kernels/src), checked against OpenCV where the
// kernels promise OpenCV semantics, and against hand-computed values elsewhere.

#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/img_hash.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "reelscale/kernels/frame_kernels.hpp"
#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
namespace rk = reelscale::kernels;
namespace rt = reelscale::testing;

rk::GrayView gray_view(const cv::Mat& m) { return {m.data, m.cols, m.rows, static_cast<std::ptrdiff_t>(m.step)}; }
rk::BgrView bgr_view(const cv::Mat& m) { return {m.data, m.cols, m.rows, static_cast<std::ptrdiff_t>(m.step)}; }

/// OpenCV's pHash bytes packed little-endian: byte k -> bits 8k..8k+7.
std::uint64_t opencv_phash(const cv::Mat& img32) {
  cv::Mat hash;
  cv::img_hash::PHash::create()->compute(img32, hash);
  EXPECT_EQ(hash.total(), 8u);
  std::uint64_t r = 0;
  for (int k = 0; k < 8; ++k) r |= std::uint64_t{hash.at<std::uint8_t>(0, k)} << (8 * k);
  return r;
}

double opencv_laplacian_variance(const cv::Mat& img) {
  cv::Mat lap;
  cv::Laplacian(img, lap, CV_64F);
  cv::Scalar mean, stddev;
  cv::meanStdDev(lap, mean, stddev);
  return stddev[0] * stddev[0];
}

std::array<float, rk::kHsvBins> opencv_hsv_histogram(const cv::Mat& bgr) {
  cv::Mat hsv;
  cv::cvtColor(bgr, hsv, cv::COLOR_BGR2HSV);
  std::array<float, rk::kHsvBins> h{};
  for (int y = 0; y < hsv.rows; ++y) {
    for (int x = 0; x < hsv.cols; ++x) {
      const auto p = hsv.at<cv::Vec3b>(y, x);
      const int hb = p[0] * rk::kHueBins / 180;
      const int sb = p[1] * rk::kSatBins / 256;
      const int vb = p[2] * rk::kValBins / 256;
      h[(hb * rk::kSatBins + sb) * rk::kValBins + vb] += 1.0f;
    }
  }
  for (float& v : h) v /= static_cast<float>(hsv.total());
  return h;
}

/// Uniform random pixels from cv::theRNG() (tests seed it for reproducibility).
cv::Mat random_image(int rows, int cols, int type = CV_8UC1) {
  cv::Mat m(rows, cols, type);
  cv::randu(m, cv::Scalar::all(0), cv::Scalar::all(256));
  return m;
}

bool is_video(const fs::path& p) {
  static const std::array<std::string, 8> exts = {".mp4", ".mov", ".avi", ".ts", ".mpg", ".webm", ".mkv", ".mxf"};
  return std::find(exts.begin(), exts.end(), p.extension().string()) != exts.end();
}

struct CorpusFrames {
  int programmes = 0;  ///< programmes that yielded at least one frame
  std::vector<cv::Mat> frames;
};

/// Every 25th frame (at most 40) of each corpus programme, scaled by ffmpeg to
/// `size` with area averaging, as grey (.pgm) or BGR (.ppm). Cached per key.
const CorpusFrames& corpus_frames(const fs::path& corpus, const std::string& size, bool colour) {
  static std::map<std::string, CorpusFrames> cache;
  const std::string key = size + (colour ? "c" : "g");
  if (auto it = cache.find(key); it != cache.end()) return it->second;

  CorpusFrames out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(corpus)) {
    if (e.is_regular_file() && is_video(e.path())) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  const fs::path scratch = rt::scratch_dir("kernels-frames");
  int idx = 0;
  for (const auto& f : files) {
    const fs::path dir = scratch / std::to_string(idx++);
    fs::create_directories(dir);
    const std::string ext = colour ? "ppm" : "pgm";
    const std::string cmd = "ffmpeg -nostdin -v quiet -i " + rt::shell_quote(f.string()) +
                            " -vf 'select=not(mod(n\\,25)),scale=" + size +
                            ":flags=area,format=" + (colour ? "bgr24" : "gray") + "' -vsync 0 -frames:v 40 " +
                            rt::shell_quote((dir / ("f%03d." + ext)).string()) + " >/dev/null 2>&1";
    rt::run_shell(cmd);  // broken programmes legitimately fail; we count frames instead
    std::vector<fs::path> imgs;
    for (const auto& e : fs::directory_iterator(dir)) imgs.push_back(e.path());
    std::sort(imgs.begin(), imgs.end());
    int got = 0;
    for (const auto& p : imgs) {
      cv::Mat m = cv::imread(p.string(), colour ? cv::IMREAD_COLOR : cv::IMREAD_GRAYSCALE);
      if (m.empty()) continue;
      out.frames.push_back(m);
      ++got;
    }
    if (got > 0) ++out.programmes;
  }
  return cache.emplace(key, std::move(out)).first->second;
}

// ---------------------------------------------------------------- pHash

TEST(KernelPHash, IdenticalToOpenCvOnRealFrames) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  const CorpusFrames& cf = corpus_frames(corpus, "32:32", false);
  ASSERT_GE(cf.programmes, 4);
  ASSERT_GE(cf.frames.size(), 200u);
  int mismatches = 0;
  for (std::size_t i = 0; i < cf.frames.size(); ++i) {
    const cv::Mat& m = cf.frames[i];
    ASSERT_EQ(m.size(), cv::Size(32, 32));
    const std::uint64_t ours = rk::phash64(gray_view(m));
    const std::uint64_t ref = opencv_phash(m);
    if (ours != ref) {
      ++mismatches;
      ADD_FAILURE() << "frame " << i << ": ours " << std::hex << ours << " opencv " << ref;
    }
  }
  EXPECT_EQ(mismatches, 0) << "of " << cf.frames.size() << " frames";
}

TEST(KernelPHash, IdenticalToOpenCvOnSyntheticImages) {
  std::vector<cv::Mat> imgs;
  cv::theRNG().state = 0x5eed;
  for (int i = 0; i < 500; ++i) imgs.push_back(random_image(32, 32));
  for (int v = 0; v < 256; ++v) imgs.emplace_back(32, 32, CV_8UC1, cv::Scalar(v));  // flat frames
  for (int k = 0; k < 64; ++k) {
    cv::Mat ramp_x(32, 32, CV_8UC1), ramp_y(32, 32, CV_8UC1), stripes(32, 32, CV_8UC1), checker(32, 32, CV_8UC1),
        impulse(32, 32, CV_8UC1, cv::Scalar(16)), block(32, 32, CV_8UC1);
    const int period = 1 + k % 9;
    for (int y = 0; y < 32; ++y) {
      for (int x = 0; x < 32; ++x) {
        ramp_x.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>((x * (k + 1)) % 256);
        ramp_y.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>((y * (k + 3) + k) % 256);
        stripes.at<std::uint8_t>(y, x) = (x / period) % 2 ? 235 : 16;
        checker.at<std::uint8_t>(y, x) = ((x / period) + (y / (1 + k % 5))) % 2 ? 200 : 40;
        block.at<std::uint8_t>(y, x) = (x >= k % 32 && y >= (k * 7) % 32) ? 180 : 20;
      }
    }
    impulse.at<std::uint8_t>(k % 32, (k * 13) % 32) = 255;
    for (auto* m : {&ramp_x, &ramp_y, &stripes, &checker, &impulse, &block}) imgs.push_back(*m);
  }
  int mismatches = 0;
  for (std::size_t i = 0; i < imgs.size(); ++i) {
    const std::uint64_t ours = rk::phash64(gray_view(imgs[i]));
    const std::uint64_t ref = opencv_phash(imgs[i]);
    if (ours != ref) {
      ++mismatches;
      ADD_FAILURE() << "image " << i << ": ours " << std::hex << ours << " opencv " << ref;
    }
  }
  EXPECT_EQ(mismatches, 0) << "of " << imgs.size() << " images";
}

TEST(KernelPHash, HonoursStrideAndBitOrder) {
  // A 32x32 window inside a wider buffer hashes like the compact copy.
  cv::theRNG().state = 77;
  cv::Mat big = random_image(40, 50);
  cv::Mat roi = big(cv::Rect(5, 3, 32, 32));
  ASSERT_FALSE(roi.isContinuous());
  EXPECT_EQ(rk::phash64(gray_view(roi)), opencv_phash(roi.clone()));

  // Bit i = coefficient i (row-major) of the top-left 8x8 DCT > mean, DC zeroed.
  cv::Mat f, d;
  roi.clone().convertTo(f, CV_32F);
  cv::dct(f, d);
  cv::Mat tl = d(cv::Rect(0, 0, 8, 8)).clone();
  tl.at<float>(0, 0) = 0;
  const float mean = static_cast<float>(cv::mean(tl)[0]);
  std::uint64_t expect = 0;
  for (int i = 0; i < 64; ++i) {
    if (tl.at<float>(i / 8, i % 8) > mean) expect |= std::uint64_t{1} << i;
  }
  EXPECT_EQ(rk::phash64(gray_view(roi)), expect);
}

TEST(KernelPHash, FlatImageHashesToZeroAndWrongSizeThrows) {
  cv::Mat flat(32, 32, CV_8UC1, cv::Scalar(16));
  EXPECT_EQ(rk::phash64(gray_view(flat)), 0u);
  cv::Mat small(16, 16, CV_8UC1, cv::Scalar(0));
  EXPECT_THROW(rk::phash64(gray_view(small)), std::invalid_argument);
}

TEST(KernelHamming, CountsDifferingBits) {
  EXPECT_EQ(rk::hamming_distance(0, 0), 0);
  EXPECT_EQ(rk::hamming_distance(0, ~std::uint64_t{0}), 64);
  EXPECT_EQ(rk::hamming_distance(0b1011, 0b0110), 3);
  EXPECT_EQ(rk::hamming_distance(std::uint64_t{1} << 63, 1), 2);
}

// ---------------------------------------------------------------- Laplacian

void expect_laplacian_matches(const cv::Mat& m, const std::string& what) {
  const double ours = rk::laplacian_variance(gray_view(m));
  const double ref = opencv_laplacian_variance(m);
  EXPECT_NEAR(ours, ref, 1e-9 * std::max(1.0, std::fabs(ref))) << what << " " << m.cols << "x" << m.rows;
}

TEST(KernelLaplacian, MatchesOpenCvOnRealFrames) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  const CorpusFrames& cf = corpus_frames(corpus, "256:144", false);
  ASSERT_GE(cf.frames.size(), 200u);
  int sharp = 0;
  for (std::size_t i = 0; i < cf.frames.size(); ++i) {
    ASSERT_EQ(cf.frames[i].size(), cv::Size(256, 144));
    expect_laplacian_matches(cf.frames[i], "frame " + std::to_string(i));
    sharp += rk::laplacian_variance(gray_view(cf.frames[i])) > 10.0;
  }
  EXPECT_GT(sharp, 0);  // real content is not all flat
}

TEST(KernelLaplacian, MatchesOpenCvOnRandomAndOddSizes) {
  cv::theRNG().state = 4242;
  const std::vector<cv::Size> sizes = {{1, 1}, {1, 7}, {7, 1},   {2, 2},     {3, 5},     {5, 3},
                                       {2, 9}, {9, 2}, {17, 13}, {256, 144}, {255, 143}, {64, 36}};
  for (const auto& s : sizes) {
    for (int rep = 0; rep < 5; ++rep) {
      cv::Mat m = random_image(s.height, s.width);
      expect_laplacian_matches(m, "random");
      // Low-contrast content (small variance, large mean) stresses cancellation.
      cv::Mat low = m / 32 + 100;
      expect_laplacian_matches(low, "low-contrast");
    }
  }
  // A strided window.
  cv::Mat big = random_image(60, 70);
  cv::Mat roi = big(cv::Rect(3, 4, 31, 29));
  EXPECT_NEAR(rk::laplacian_variance(gray_view(roi)), opencv_laplacian_variance(roi.clone()),
              1e-9 * opencv_laplacian_variance(roi.clone()));
}

TEST(KernelLaplacian, KnownValues) {
  cv::Mat flat(20, 30, CV_8UC1, cv::Scalar(123));
  EXPECT_EQ(rk::laplacian_variance(gray_view(flat)), 0.0);
  // 3x3, centre 10: responses -40 (centre), 20 at the 4 edge pixels (reflect-101
  // mirrors the centre into both vertical or both horizontal neighbours), 0 at corners.
  cv::Mat imp(3, 3, CV_8UC1, cv::Scalar(0));
  imp.at<std::uint8_t>(1, 1) = 10;
  EXPECT_NEAR(rk::laplacian_variance(gray_view(imp)), 27200.0 / 81.0, 1e-12);
  EXPECT_EQ(rk::laplacian_variance(rk::GrayView{}), 0.0);
}

// ---------------------------------------------------------------- luma stats

TEST(KernelLumaStats, KnownMeanAndBlackFraction) {
  // 100 pixels: 30 x 0, 20 x 38, 10 x 39, 40 x 255.
  std::vector<std::uint8_t> px;
  px.insert(px.end(), 30, 0);
  px.insert(px.end(), 20, 38);
  px.insert(px.end(), 10, 39);
  px.insert(px.end(), 40, 255);
  const rk::GrayView v{px.data(), 10, 10, 10};
  const auto s = rk::luma_stats(v);  // default threshold 38.25
  EXPECT_FLOAT_EQ(s.mean_luma, 113.5f);
  EXPECT_FLOAT_EQ(s.black_fraction, 0.5f);
  EXPECT_FLOAT_EQ(rk::luma_stats(v, 39.0f).black_fraction, 0.5f);  // strict '<'
  EXPECT_FLOAT_EQ(rk::luma_stats(v, 39.5f).black_fraction, 0.6f);
  EXPECT_FLOAT_EQ(rk::luma_stats(v, 0.0f).black_fraction, 0.0f);
  EXPECT_FLOAT_EQ(rk::luma_stats(v, 1000.0f).black_fraction, 1.0f);
  EXPECT_FLOAT_EQ(rk::luma_stats(v, -5.0f).black_fraction, 0.0f);
}

TEST(KernelLumaStats, StrideAndEmpty) {
  // 4x2 view with stride 7: padding bytes (99) must be ignored.
  const std::vector<std::uint8_t> px = {0,  10, 20, 30,  99, 99, 99,  //
                                        40, 50, 60, 250, 99, 99, 99};
  const auto s = rk::luma_stats(rk::GrayView{px.data(), 4, 2, 7});
  EXPECT_FLOAT_EQ(s.mean_luma, 57.5f);
  EXPECT_FLOAT_EQ(s.black_fraction, 4.0f / 8.0f);  // 0,10,20,30
  const auto e = rk::luma_stats(rk::GrayView{});
  EXPECT_EQ(e.mean_luma, 0.0f);
  EXPECT_EQ(e.black_fraction, 0.0f);
}

TEST(KernelLumaStats, MatchesOpenCvMeanOnRandom) {
  cv::theRNG().state = 99;
  cv::Mat m = random_image(144, 256);
  const auto s = rk::luma_stats(gray_view(m));
  EXPECT_NEAR(s.mean_luma, cv::mean(m)[0], 1e-3);
  cv::Mat black;
  cv::compare(m, 38.25, black, cv::CMP_LT);
  EXPECT_NEAR(s.black_fraction, cv::countNonZero(black) / double(m.total()), 1e-6);
}

// ---------------------------------------------------------------- HSV histogram

std::array<float, rk::kHsvBins> our_hist(const cv::Mat& bgr) {
  std::array<float, rk::kHsvBins> h{};
  rk::hsv_histogram(bgr_view(bgr), h);
  return h;
}

double l1(const std::array<float, rk::kHsvBins>& a, const std::array<float, rk::kHsvBins>& b) {
  double s = 0;
  for (int i = 0; i < rk::kHsvBins; ++i) s += std::fabs(double(a[i]) - b[i]);
  return s;
}

TEST(KernelHsvHistogram, PrimaryColoursLandInExpectedBins) {
  auto bin_of = [](int h, int s, int v) { return (h * rk::kSatBins + s) * rk::kValBins + v; };
  struct Case {
    cv::Vec3b bgr;
    int bin;
  };
  const std::vector<Case> cases = {
      {{0, 0, 255}, bin_of(0, 3, 3)},      // red: H 0
      {{0, 255, 0}, bin_of(2, 3, 3)},      // green: H 60 -> 60*8/180 = 2
      {{255, 0, 0}, bin_of(5, 3, 3)},      // blue: H 120 -> 5
      {{0, 0, 0}, bin_of(0, 0, 0)},        // black
      {{255, 255, 255}, bin_of(0, 0, 3)},  // white: S 0
      {{0, 255, 255}, bin_of(1, 3, 3)},    // yellow: H 30 -> 1
      {{255, 0, 255}, bin_of(6, 3, 3)},    // magenta: H 150 -> 6
      {{64, 64, 128}, bin_of(0, 2, 2)},    // dull red: S 128 -> 2, V 128 -> 2
  };
  for (const auto& c : cases) {
    cv::Mat m(4, 6, CV_8UC3, cv::Scalar(c.bgr[0], c.bgr[1], c.bgr[2]));
    const auto h = our_hist(m);
    for (int i = 0; i < rk::kHsvBins; ++i) {
      EXPECT_FLOAT_EQ(h[i], i == c.bin ? 1.0f : 0.0f) << "colour " << c.bgr << " bin " << i;
    }
    EXPECT_EQ(l1(h, opencv_hsv_histogram(m)), 0.0) << c.bgr;
  }
}

TEST(KernelHsvHistogram, SumsToOneAndMatchesOpenCvOnRandom) {
  cv::theRNG().state = 2024;
  for (int rep = 0; rep < 50; ++rep) {
    cv::Mat m = random_image(36, 64, CV_8UC3);
    const auto h = our_hist(m);
    double sum = 0;
    for (float v : h) {
      EXPECT_GE(v, 0.0f);
      sum += v;
    }
    EXPECT_NEAR(sum, 1.0, 1e-5);
    const double d = l1(h, opencv_hsv_histogram(m));
    EXPECT_LT(d, 0.02);
    EXPECT_LT(d, 1e-5) << "expected bin-exact agreement with cv::cvtColor";
  }
}

TEST(KernelHsvHistogram, MatchesOpenCvOnRealFrames) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  const CorpusFrames& cf = corpus_frames(corpus, "64:36", true);
  ASSERT_GE(cf.frames.size(), 200u);
  double worst = 0;
  for (const auto& m : cf.frames) {
    ASSERT_EQ(m.type(), CV_8UC3);
    worst = std::max(worst, l1(our_hist(m), opencv_hsv_histogram(m)));
  }
  EXPECT_LT(worst, 0.02);
  EXPECT_LT(worst, 1e-5) << "expected bin-exact agreement with cv::cvtColor";
}

TEST(KernelHsvHistogram, EmptyImageAndBadOutput) {
  std::array<float, rk::kHsvBins> h;
  h.fill(7.0f);
  rk::hsv_histogram(rk::BgrView{}, h);
  for (float v : h) EXPECT_EQ(v, 0.0f);
  std::array<float, 10> wrong{};
  cv::Mat m(2, 2, CV_8UC3, cv::Scalar(1, 2, 3));
  EXPECT_THROW(rk::hsv_histogram(bgr_view(m), wrong), std::invalid_argument);
}

TEST(KernelHistogramDistance, IdenticalDisjointPartial) {
  std::array<float, rk::kHsvBins> a{}, b{}, c{};
  a[0] = 0.5f;
  a[1] = 0.5f;
  b[2] = 1.0f;
  c[0] = 0.5f;
  c[3] = 0.5f;
  EXPECT_EQ(rk::histogram_distance(a, a), 0.0f);
  EXPECT_FLOAT_EQ(rk::histogram_distance(a, b), 1.0f);
  EXPECT_FLOAT_EQ(rk::histogram_distance(a, c), 0.5f);
  EXPECT_FLOAT_EQ(rk::histogram_distance(c, a), 0.5f);

  cv::theRNG().state = 11;
  cv::Mat m = random_image(36, 64, CV_8UC3);
  const auto h = our_hist(m);
  EXPECT_EQ(rk::histogram_distance(h, h), 0.0f);
  std::array<float, 5> shorter{};
  EXPECT_THROW(rk::histogram_distance(h, shorter), std::invalid_argument);
}

// ---------------------------------------------------------------- thumbnail

TEST(KernelThumbnail, BoxAverageMatchesOpenCvAreaResize) {
  cv::theRNG().state = 31;
  for (int rep = 0; rep < 20; ++rep) {
    cv::Mat m = random_image(32, 32);
    std::array<std::uint8_t, rk::kThumbSide * rk::kThumbSide> t{};
    rk::luma_thumbnail(gray_view(m), t);
    cv::Mat ref;
    cv::resize(m, ref, cv::Size(16, 16), 0, 0, cv::INTER_AREA);
    for (int i = 0; i < rk::kThumbSide * rk::kThumbSide; ++i) {
      const int y = i / rk::kThumbSide, x = i % rk::kThumbSide;
      const int sum = m.at<std::uint8_t>(2 * y, 2 * x) + m.at<std::uint8_t>(2 * y, 2 * x + 1) +
                      m.at<std::uint8_t>(2 * y + 1, 2 * x) + m.at<std::uint8_t>(2 * y + 1, 2 * x + 1);
      ASSERT_EQ(t[i], (sum + 2) / 4) << i;
      ASSERT_EQ(t[i], ref.at<std::uint8_t>(y, x)) << i;
    }
  }
  cv::Mat small(16, 16, CV_8UC1);
  std::array<std::uint8_t, rk::kThumbSide * rk::kThumbSide> t{};
  EXPECT_THROW(rk::luma_thumbnail(gray_view(small), t), std::invalid_argument);
}

TEST(KernelThumbnail, DistanceKnownValues) {
  std::array<std::uint8_t, 256> zero{}, full{}, half{};
  full.fill(255);
  for (int i = 0; i < 256; ++i) half[i] = i % 2 ? 255 : 0;
  EXPECT_EQ(rk::thumbnail_distance(zero, zero), 0.0f);
  EXPECT_FLOAT_EQ(rk::thumbnail_distance(zero, full), 1.0f);
  EXPECT_FLOAT_EQ(rk::thumbnail_distance(half, full), 0.5f);
  std::array<std::uint8_t, 256> plus51 = zero;
  for (auto& v : plus51) v = 51;
  EXPECT_FLOAT_EQ(rk::thumbnail_distance(zero, plus51), 0.2f);
  std::array<std::uint8_t, 4> shorter{};
  EXPECT_THROW(rk::thumbnail_distance(zero, shorter), std::invalid_argument);
}

}  // namespace
