#include "duplicates/area_codes.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

#include "reelscale/kernels/frame_kernels.hpp"

namespace reelscale::duplicates {

LineFlags picture_lines(const cv::Mat& grey) {
  if (grey.empty() || grey.type() != CV_8UC1) throw std::invalid_argument("picture_lines: need a CV_8UC1 image");
  LineFlags f;
  std::vector<int> rows(grey.rows, 0), cols(grey.cols, 0);
  for (int y = 0; y < grey.rows; ++y) {
    const std::uint8_t* p = grey.ptr<std::uint8_t>(y);
    for (int x = 0; x < grey.cols; ++x)
      if (p[x] > kAreaBarLevel) ++rows[y], ++cols[x];
  }
  f.rows.resize(grey.rows), f.cols.resize(grey.cols);
  for (int y = 0; y < grey.rows; ++y) f.rows[y] = rows[y] >= 2;
  for (int x = 0; x < grey.cols; ++x) f.cols[x] = cols[x] >= 2;
  return f;
}

namespace {
/// [first, last + 1) of the lines set in at least min_share of the window, as fractions; {0, 1} if too small.
std::pair<double, double> span_of(std::span<const LineFlags* const> window, bool rows, double min_share) {
  const std::size_t n = rows ? window.front()->rows.size() : window.front()->cols.size();
  std::vector<int> count(n, 0);
  for (const LineFlags* f : window) {
    const auto& v = rows ? f->rows : f->cols;
    for (std::size_t i = 0; i < n && i < v.size(); ++i) count[i] += v[i];
  }
  const double need = std::max(1.0, min_share * static_cast<double>(window.size()));
  long lo = 0, hi = static_cast<long>(n) - 1;
  while (lo < static_cast<long>(n) && count[lo] < need) ++lo;
  while (hi >= 0 && count[hi] < need) --hi;
  if (hi < lo || 3 * (hi - lo + 1) < static_cast<long>(n)) return {0.0, 1.0};
  return {static_cast<double>(lo) / n, static_cast<double>(hi + 1) / n};
}
}  // namespace

FrameBox stable_box(std::span<const LineFlags* const> window, double min_share) {
  if (window.empty()) return {};
  const auto [y0, y1] = span_of(window, true, min_share);
  const auto [x0, x1] = span_of(window, false, min_share);
  return {x0, y0, x1, y1};
}

cv::Mat area_image(const cv::Mat& grid, const FrameBox& box) {
  constexpr int n = kernels::kPHashInputSide;
  const double mx = kAreaMargin * (box.x1 - box.x0), my = kAreaMargin * (box.y1 - box.y0);
  const double gx0 = (box.x0 + mx) * grid.cols, gx1 = (box.x1 - mx) * grid.cols;
  const double gy0 = (box.y0 + my) * grid.rows, gy1 = (box.y1 - my) * grid.rows;
  // First a linear resample of the box to about its own size in grid pixels, then an
  // area-average down to 32x32 (no aliasing when the box is larger than 32 px).
  const int w = std::max(n, static_cast<int>(std::lround(gx1 - gx0)));
  const int h = std::max(n, static_cast<int>(std::lround(gy1 - gy0)));
  const double sx = (gx1 - gx0) / w, sy = (gy1 - gy0) / h;
  // dst(x, y) = src(gx0 + (x + 0.5) * sx - 0.5, gy0 + (y + 0.5) * sy - 0.5)
  cv::Mat m = (cv::Mat_<double>(2, 3) << sx, 0, gx0 + 0.5 * sx - 0.5, 0, sy, gy0 + 0.5 * sy - 0.5);
  cv::Mat mid, out;
  cv::warpAffine(grid, mid, m, {w, h}, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_REPLICATE);
  if (w == n && h == n) return mid;
  cv::resize(mid, out, {n, n}, 0, 0, cv::INTER_AREA);
  return out;
}

std::uint64_t area_phash(const cv::Mat& area32) {
  if (area32.rows != kernels::kPHashInputSide || area32.cols != kernels::kPHashInputSide || area32.type() != CV_8UC1 ||
      !area32.isContinuous())
    throw std::invalid_argument("area_phash: need a continuous 32x32 CV_8UC1 image");
  return kernels::phash64(
      kernels::GrayView{area32.ptr<std::uint8_t>(0), area32.cols, area32.rows, static_cast<int>(area32.step[0])});
}

std::uint64_t motion_code(const cv::Mat& prev32, const cv::Mat& cur32) {
  constexpr int n = kernels::kPHashInputSide, b = n / 8;
  if (prev32.size() != cur32.size() || prev32.rows != n || prev32.cols != n)
    throw std::invalid_argument("motion_code: need two 32x32 images");
  cv::Mat d;
  cv::absdiff(prev32, cur32, d);
  std::array<double, 64> e{};
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) e[(y / b) * 8 + x / b] += d.at<std::uint8_t>(y, x);
  for (auto& v : e) v /= b * b;
  std::array<double, 64> sorted = e;
  std::nth_element(sorted.begin(), sorted.begin() + 32, sorted.end());
  const double thr = std::max(sorted[32], kMotionFloor);
  std::uint64_t code = 0;
  for (int i = 0; i < 64; ++i)
    if (e[i] > thr) code |= 1ull << i;
  return code;
}

}  // namespace reelscale::duplicates
