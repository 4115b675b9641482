#include "speech/speech_features.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

#include "reelscale/kernels/audio_bands.hpp"

namespace reelscale::speech {
namespace {

constexpr int kFft = 512;
constexpr double kFrameRate = 16000.0 / kFrameSamples;  // 50 frames per second
constexpr int kHalfBefore = kWindowFrames / 2 - kFramesPerStep / 2;  // 23 frames before the step

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0 : s / static_cast<double>(v.size());
}

double stddev(const std::vector<double>& v) {
  const double m = mean(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return v.size() < 2 ? 0 : std::sqrt(s / static_cast<double>(v.size()));
}

/// Share of the envelope's power between 3 and 6 Hz among 1..12 Hz (DFT at whole Hz).
double modulation_4hz(const std::vector<double>& env_db) {
  const double m = mean(env_db);
  double band = 0, total = 0;
  for (int f = 1; f <= 12; ++f) {
    std::complex<double> acc{0, 0};
    for (std::size_t n = 0; n < env_db.size(); ++n) {
      const double ph = -2 * std::numbers::pi * f * static_cast<double>(n) / kFrameRate;
      acc += (env_db[n] - m) * std::complex<double>(std::cos(ph), std::sin(ph));
    }
    const double p = std::norm(acc);
    total += p;
    if (f >= 3 && f <= 6) band += p;
  }
  return total > 1e-12 ? band / total : 0;
}

}  // namespace

void FeatureStream::add_frame(const float* x) {
  Frame fr;
  std::vector<std::complex<double>> buf(kFft, {0, 0});
  int crossings = 0;
  for (int i = 0; i < kFrameSamples; ++i) {
    fr.energy += static_cast<double>(x[i]) * x[i];
    if (i > 0 && ((x[i] >= 0) != (x[i - 1] >= 0))) ++crossings;
    const double w = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * i / (kFrameSamples - 1));
    buf[static_cast<std::size_t>(i)] = {x[i] * w, 0};
  }
  fr.energy /= kFrameSamples;
  fr.zcr = static_cast<double>(crossings) / kFrameSamples;
  kernels::fft_radix2(buf);
  std::vector<double> mag(kFft / 2 + 1);
  double norm = 0;
  for (std::size_t k = 0; k < mag.size(); ++k) {
    mag[k] = std::abs(buf[k]);
    norm += mag[k] * mag[k];
  }
  norm = std::sqrt(norm);
  for (double& v : mag) v = norm > 1e-9 ? v / norm : 0;
  if (!prev_mag_.empty()) {
    double d = 0;
    for (std::size_t k = 0; k < mag.size(); ++k) d += (mag[k] - prev_mag_[k]) * (mag[k] - prev_mag_[k]);
    fr.flux = std::sqrt(d);
  }
  prev_mag_ = std::move(mag);
  frames_.push_back(fr);
}

StepFeatures FeatureStream::step(std::size_t s) const {
  const std::size_t total = frame_base_ + frames_.size();
  const std::ptrdiff_t first = static_cast<std::ptrdiff_t>(s * kFramesPerStep) - kHalfBefore;
  const std::size_t lo = static_cast<std::size_t>(std::max<std::ptrdiff_t>(first, 0));
  const std::size_t hi = std::min(total, static_cast<std::size_t>(first + kWindowFrames));
  std::vector<double> env, zcr, flux, energy;
  for (std::size_t i = std::max(lo, frame_base_); i < hi; ++i) {
    const Frame& fr = frames_[i - frame_base_];
    energy.push_back(fr.energy);
    env.push_back(10 * std::log10(std::max(fr.energy, 1e-10)));
    zcr.push_back(fr.zcr);
    flux.push_back(fr.flux);
  }
  StepFeatures out;
  out.t_s = t0_s_ + static_cast<double>(s) * 0.1;
  double step_e = 0;
  int n = 0;
  for (std::size_t i = s * kFramesPerStep; i < std::min(total, (s + 1) * kFramesPerStep); ++i, ++n)
    step_e += frames_[i - frame_base_].energy;
  out.rms_db = n ? 10 * std::log10(std::max(step_e / n, 1e-12)) : -120;
  const double me = mean(energy);
  double low = 0;
  for (double e : energy) low += e < 0.5 * me ? 1 : 0;
  out.f = {modulation_4hz(env), energy.empty() ? 0 : low / static_cast<double>(energy.size()),
           stddev(zcr), stddev(flux), mean(flux)};
  return out;
}

void FeatureStream::emit_ready(std::vector<StepFeatures>& out, bool final) {
  const std::size_t total = frame_base_ + frames_.size();
  while (true) {
    const std::size_t need = next_step_ * kFramesPerStep - kHalfBefore + kWindowFrames;
    if (final ? next_step_ * kFramesPerStep >= total : need > total) break;
    out.push_back(step(next_step_));
    ++next_step_;
  }
  // Frames before the next step's window are no longer needed.
  const std::ptrdiff_t keep = static_cast<std::ptrdiff_t>(next_step_ * kFramesPerStep) - kHalfBefore;
  while (!frames_.empty() && static_cast<std::ptrdiff_t>(frame_base_) < keep) {
    frames_.erase(frames_.begin());
    ++frame_base_;
  }
}

std::vector<StepFeatures> FeatureStream::push(std::span<const float> x) {
  std::vector<StepFeatures> out;
  std::size_t i = 0;
  if (!pending_.empty()) {
    const std::size_t take = std::min(x.size(), static_cast<std::size_t>(kFrameSamples) - pending_.size());
    pending_.insert(pending_.end(), x.begin(), x.begin() + static_cast<std::ptrdiff_t>(take));
    i = take;
    if (pending_.size() == static_cast<std::size_t>(kFrameSamples)) {
      add_frame(pending_.data());
      pending_.clear();
    }
  }
  for (; i + kFrameSamples <= x.size(); i += kFrameSamples) add_frame(x.data() + i);
  pending_.insert(pending_.end(), x.begin() + static_cast<std::ptrdiff_t>(i), x.end());
  emit_ready(out, false);
  return out;
}

std::vector<StepFeatures> FeatureStream::flush() {
  std::vector<StepFeatures> out;
  emit_ready(out, true);
  return out;
}

}  // namespace reelscale::speech
