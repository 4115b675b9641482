// Analysis-image preparation kernels: box reduction against OpenCV INTER_AREA,
// YUV -> BGR on known colours.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>
#include <random>
#include <vector>

#include "reelscale/kernels/downscale.hpp"

namespace k = reelscale::kernels;

TEST(KernelDownscale, BoxEqualsOpenCvAreaForIntegerFactors) {
  std::mt19937 rng(7);
  for (auto [w, h, fx, fy] :
       std::vector<std::array<int, 4>>{{1280, 720, 5, 5}, {720, 576, 3, 3}, {64, 48, 4, 2}, {33, 17, 4, 4}}) {
    cv::Mat src(h, w, CV_8UC1);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) src.at<std::uint8_t>(y, x) = std::uint8_t(rng() % 256);
    const int dw = w / fx, dh = h / fy;
    std::vector<std::uint8_t> ours(std::size_t(dw) * dh);
    k::box_downscale({src.data, w, h, static_cast<std::ptrdiff_t>(src.step)}, fx, fy, ours);
    cv::Mat ref;
    cv::resize(src(cv::Rect(0, 0, dw * fx, dh * fy)), ref, cv::Size(dw, dh), 0, 0, cv::INTER_AREA);
    int worst = 0;
    for (int y = 0; y < dh; ++y)
      for (int x = 0; x < dw; ++x)
        worst = std::max(worst, std::abs(int(ours[std::size_t(y) * dw + x]) - int(ref.at<std::uint8_t>(y, x))));
    EXPECT_LE(worst, 1) << w << "x" << h << " / " << fx << "x" << fy;  // rounding only
  }
}

TEST(KernelDownscale, BoxAveragesExactly) {
  // 4x2 block of 0..7 -> mean 3.5 rounds to 4; a constant block stays constant.
  std::vector<std::uint8_t> src = {0, 1, 2, 3, 9, 9, 9, 9, 4, 5, 6, 7, 9, 9, 9, 9};
  std::vector<std::uint8_t> dst(2);
  k::box_downscale({src.data(), 8, 2, 8}, 4, 2, dst);
  EXPECT_EQ(dst[0], 4);
  EXPECT_EQ(dst[1], 9);
  EXPECT_THROW(k::box_downscale({src.data(), 8, 2, 8}, 0, 1, dst), std::invalid_argument);
  EXPECT_THROW(k::box_downscale({src.data(), 8, 2, 8}, 1, 3, dst), std::invalid_argument);
}

TEST(KernelDownscale, YuvToBgrKnownColours) {
  auto convert = [](std::uint8_t y, std::uint8_t u, std::uint8_t v, k::YuvMatrix m) {
    std::vector<std::uint8_t> out(3);
    k::yuv_to_bgr({&y, 1, 1, 1}, {&u, 1, 1, 1}, {&v, 1, 1, 1}, m, out);
    return out;
  };
  const k::YuvMatrix bt601 = k::yuv_matrix_for(6, 576, false);
  EXPECT_EQ(convert(235, 128, 128, bt601), (std::vector<std::uint8_t>{255, 255, 255}));
  EXPECT_EQ(convert(16, 128, 128, bt601), (std::vector<std::uint8_t>{0, 0, 0}));
  // BT.601 limited-range red is Y=81, Cb=90, Cr=240 (ITU-R BT.601 tables).
  auto red = convert(81, 90, 240, bt601);
  EXPECT_LE(red[0], 2);
  EXPECT_LE(red[1], 2);
  EXPECT_GE(red[2], 253);
  // BT.709 limited-range green is Y=173, Cb=42, Cr=26 (ITU-R BT.709 colour bars).
  auto green = convert(173, 42, 26, k::yuv_matrix_for(1, 1080, false));
  EXPECT_LE(green[0], 3);
  EXPECT_GE(green[1], 252);
  EXPECT_LE(green[2], 3);
  // Full range: Y is used as is.
  EXPECT_EQ(convert(128, 128, 128, k::yuv_matrix_for(5, 480, true)), (std::vector<std::uint8_t>{128, 128, 128}));
}

TEST(KernelDownscale, LumaRangeExpansion) {
  std::vector<std::uint8_t> p = {0, 16, 126, 235, 255};
  k::luma_to_full_range(p);
  EXPECT_EQ(p, (std::vector<std::uint8_t>{0, 0, 128, 255, 255}));
}
