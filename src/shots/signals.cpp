#include "shots/signals.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace reelscale::shots {

namespace {
constexpr std::size_t kThumbPixels = std::size_t(kernels::kThumbSide) * kernels::kThumbSide;
}

FrameDistances::FrameDistances(const FrameSeries& s) : s_(s), n_(s.size()) {
  has_hist_ = n_ > 0 && s.hsv_hist.size() >= n_ * std::size_t(kernels::kHsvBins);
  has_thumb_ = n_ > 0 && s.thumb.size() >= n_ * kThumbPixels;
  if (has_thumb_) {
    thumb_mean_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      auto t = s.thumbnail(i);
      unsigned sum = 0;
      for (auto v : t) sum += v;
      thumb_mean_[i] = float(sum) / float(kThumbPixels);
    }
    constexpr int side = kernels::kThumbSide, half = side / 2;
    coarse_.assign(n_ * half * half, 0.f);
    for (std::size_t i = 0; i < n_; ++i) {
      auto t = s.thumbnail(i);
      float* c = coarse_.data() + i * half * half;
      for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) c[(y / 2) * half + x / 2] += 0.25f * float(t[std::size_t(y * side + x)]);
    }
  }
}

float FrameDistances::hist(std::size_t a, std::size_t b) const {
  if (!has_hist_) {
    // Only adjacent distances are known.
    if (b == a + 1 && b < s_.content_diff.size()) return s_.content_diff[b];
    if (a == b + 1 && a < s_.content_diff.size()) return s_.content_diff[a];
    return 0.f;
  }
  auto ha = s_.hist(a), hb = s_.hist(b);
  float d = 0;
  for (std::size_t k = 0; k < ha.size(); ++k) d += std::fabs(ha[k] - hb[k]);
  return std::min(1.f, 0.5f * d);
}

float FrameDistances::thumb(std::size_t a, std::size_t b) const {
  if (!has_thumb_) return 0.f;
  auto ta = s_.thumbnail(a), tb = s_.thumbnail(b);
  const float off = thumb_mean_[a] - thumb_mean_[b];
  float d = 0;
  for (std::size_t k = 0; k < kThumbPixels; ++k) d += std::fabs(float(ta[k]) - float(tb[k]) - off);
  return d / (255.f * float(kThumbPixels));
}

float FrameDistances::thumb_raw(std::size_t a, std::size_t b) const {
  if (!has_thumb_) return 0.f;
  auto ta = s_.thumbnail(a), tb = s_.thumbnail(b);
  int d = 0;
  for (std::size_t k = 0; k < kThumbPixels; ++k) d += std::abs(int(ta[k]) - int(tb[k]));
  return float(d) / (255.f * float(kThumbPixels));
}

float FrameDistances::thumb_coarse(std::size_t a, std::size_t b) const {
  if (!has_thumb_) return 0.f;
  constexpr std::size_t m = (kernels::kThumbSide / 2) * (kernels::kThumbSide / 2);
  const float* ca = coarse_.data() + a * m;
  const float* cb = coarse_.data() + b * m;
  float d = 0;
  for (std::size_t k = 0; k < m; ++k) d += std::fabs(ca[k] - cb[k]);
  return d / (255.f * float(m));
}

float FrameDistances::combined(std::size_t a, std::size_t b) const {
  const bool h = has_hist_ || !s_.content_diff.empty();
  if (h && has_thumb_) return 0.5f * (hist(a, b) + std::min(1.f, 2.f * thumb(a, b)));
  if (has_thumb_) return std::min(1.f, 2.f * thumb(a, b));
  return hist(a, b);
}

float median_of(std::vector<float> v) {
  if (v.empty()) return 0.f;
  auto mid = v.begin() + std::ptrdiff_t(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  float m = *mid;
  if (v.size() % 2 == 0) {
    float lo = *std::max_element(v.begin(), mid);
    m = 0.5f * (m + lo);
  }
  return m;
}

RobustStats window_stats(const std::vector<float>& x, std::ptrdiff_t lo, std::ptrdiff_t hi, std::ptrdiff_t skip_lo,
                         std::ptrdiff_t skip_hi) {
  lo = std::max<std::ptrdiff_t>(lo, 0);
  hi = std::min<std::ptrdiff_t>(hi, std::ptrdiff_t(x.size()));
  std::vector<float> v;
  v.reserve(std::size_t(std::max<std::ptrdiff_t>(0, hi - lo)));
  for (std::ptrdiff_t i = lo; i < hi; ++i)
    if (i < skip_lo || i > skip_hi) v.push_back(x[std::size_t(i)]);
  RobustStats r;
  if (v.empty()) return r;
  r.median = median_of(v);
  for (auto& e : v) e = std::fabs(e - r.median);
  r.mad = median_of(std::move(v));
  return r;
}

int to_frames(double seconds, double fps, int min_frames) {
  return std::max(min_frames, int(std::lround(seconds * fps)));
}

bool shots_debug() {
  static const bool on = std::getenv("REELSCALE_SHOTS_DEBUG") != nullptr;
  return on;
}

/// Adjacent combined distances x[i] = d(i-1, i), x[0] = 0.
std::vector<float> adjacent(const FrameDistances& D) {
  std::vector<float> x(D.size(), 0.f);
  for (std::size_t i = 1; i < D.size(); ++i) x[i] = D.combined(i - 1, i);
  return x;
}

/// Sliding median of x over [i - w, i + w].
std::vector<float> sliding_median(const std::vector<float>& x, int w) {
  std::vector<float> m(x.size(), 0.f);
  std::vector<float> buf;
  using I = std::ptrdiff_t;
  for (I i = 0; i < I(x.size()); ++i) {
    const I lo = std::max<I>(0, i - w), hi = std::min<I>(I(x.size()), i + w + 1);
    buf.assign(x.begin() + lo, x.begin() + hi);
    m[std::size_t(i)] = median_of(buf);
  }
  return m;
}

}  // namespace reelscale::shots
