#include "outputs/loudness_normaliser.hpp"

#include <algorithm>
#include <cmath>

namespace reelscale::outputs {

double normalisation_gain_db(double measured_lufs, const LoudnessTarget& t) {
  if (!(measured_lufs > -70.0)) return 0.0;
  return std::min(t.integrated_lufs - measured_lufs, t.max_gain_db);
}

LoudnessNormaliser::LoudnessNormaliser(double gain_db, double ceiling_db, int sample_rate)
    : x_gain_(float(std::pow(10.0, gain_db / 20.0))),
      ceiling_(float(std::pow(10.0, ceiling_db / 20.0))),
      la_(std::max(4, sample_rate / 200)),
      release_(float(1.0 - std::exp(-1.0 / (0.1 * sample_rate)))),
      box_(std::size_t(la_), 1.0f),
      box_sum_(double(la_)) {}

namespace {
/// Catmull-Rom spline through p0..p3 at t in [0,1] between p1 and p2.
inline float cr(float p0, float p1, float p2, float p3, float t) {
  return 0.5f * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t + (-p0 + 3 * p1 - 3 * p2 + p3) * t * t * t);
}
inline float chan_peak(float p0, float p1, float p2, float p3) {
  float m = std::fabs(p1);
  for (float t : {0.25f, 0.5f, 0.75f}) m = std::max(m, std::fabs(cr(p0, p1, p2, p3, t)));
  return m;
}
}  // namespace

float LoudnessNormaliser::peak_at(long long j) const {
  auto at = [&](const std::deque<float>& d, long long k) {
    k = std::clamp(k, xb_, n_in_ - 1);
    return d[std::size_t(k - xb_)];
  };
  return std::max(chan_peak(at(xl_, j - 1), at(xl_, j), at(xl_, j + 1), at(xl_, j + 2)),
                  chan_peak(at(xr_, j - 1), at(xr_, j), at(xr_, j + 1), at(xr_, j + 2)));
}

void LoudnessNormaliser::push(float l, float r) {
  xl_.push_back(l * x_gain_);
  xr_.push_back(r * x_gain_);
  const long long k = n_in_++;
  if (k < 2) return;
  const long long j = k - 2;
  const float p = peak_at(j);
  const float need = p > ceiling_ ? ceiling_ / p : 1.0f;
  while (!minq_.empty() && minq_.back().second >= need) minq_.pop_back();
  minq_.emplace_back(j, need);
  const long long n = j - la_ + 1;
  if (n < 0) return;
  while (minq_.front().first < n) minq_.pop_front();
  const float m = minq_.front().second;
  m2_ = std::min(m, m2_ + (1.0f - m2_) * release_);
  float& slot = box_[std::size_t(n % la_)];
  box_sum_ += double(m2_) - double(slot);
  slot = m2_;
  float s = float(box_sum_ / la_);
  if (n < la_) s = std::min(s, m2_);  // the box still holds the initial 1.0 values
  if (real_end_ < 0 || n < real_end_) {
    if (s < 0.999999f) ++limited_;
    out_l_.push_back(xl_.front() * s);
    out_r_.push_back(xr_.front() * s);
  }
  xl_.pop_front();
  xr_.pop_front();
  ++xb_;
  ++n_out_;
}

void LoudnessNormaliser::process(const float* left, const float* right, int n, const media::StereoSink& out) {
  out_l_.clear();
  out_r_.clear();
  for (int i = 0; i < n; ++i) push(left[i], right[i]);
  if (!out_l_.empty()) out(out_l_.data(), out_r_.data(), int(out_l_.size()));
}

void LoudnessNormaliser::flush(const media::StereoSink& out) {
  out_l_.clear();
  out_r_.clear();
  real_end_ = n_in_;
  for (int i = 0; i < la_ + 2; ++i) push(0.0f, 0.0f);
  if (!out_l_.empty()) out(out_l_.data(), out_r_.data(), int(out_l_.size()));
}

}  // namespace reelscale::outputs
