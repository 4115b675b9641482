#include "audio/loudness_meter.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <ebur128.h>

namespace reelscale::audio {

void Ebur128Deleter::operator()(ebur128_state* st) const { ebur128_destroy(&st); }

namespace {

double clamp_db(double v, double floor) { return std::isfinite(v) ? std::max(v, floor) : floor; }

void check(int rc, const char* what) {
  if (rc != EBUR128_SUCCESS)
    throw std::runtime_error(std::string("libebur128 ") + what + " failed (error " + std::to_string(rc) + ")");
}

}  // namespace

LoudnessMeter::LoudnessMeter(int channels, int sample_rate, const std::vector<ChannelRole>& roles,
                             double series_rate_hz, bool true_peak)
    : channels_(channels), rate_(sample_rate), true_peak_(true_peak) {
  if (channels < 1 || sample_rate < 1 || !(series_rate_hz > 0))
    throw std::invalid_argument("LoudnessMeter: channels, sample rate and series rate must be positive");
  if (!roles.empty() && int(roles.size()) != channels)
    throw std::invalid_argument("LoudnessMeter: one channel role per channel");
  int mode = EBUR128_MODE_M | EBUR128_MODE_S | EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_SAMPLE_PEAK;
  // True peak is measured by kernels::TruePeak (same interpolator as libebur128, ~5x cheaper).
  if (true_peak) tp_ = std::make_unique<kernels::TruePeak>(channels, sample_rate);
  st_.reset(ebur128_init(unsigned(channels), static_cast<unsigned long>(sample_rate), mode));
  if (!st_)
    throw std::runtime_error("libebur128: cannot create a meter for " + std::to_string(channels) + " channels at " +
                             std::to_string(sample_rate) + " Hz");
  for (std::size_t c = 0; c < roles.size(); ++c)
    check(ebur128_set_channel(st_.get(), unsigned(c), int(roles[c])), "set_channel");
  hop_ = std::max<std::size_t>(1, std::size_t(std::llround(sample_rate / series_rate_hz)));
  to_next_hop_ = hop_;
  hop_ms_ = std::max<unsigned long>(1, static_cast<unsigned long>(std::llround(1000.0 / series_rate_hz)));
  hop_ms_ = std::min<unsigned long>(hop_ms_, 3000);  // libebur128's window buffer holds 3 s
  short_hops_ = std::max<std::size_t>(1, std::size_t(std::llround(400.0 / double(hop_ms_))));
  long_hops_ = std::max<std::size_t>(short_hops_, std::size_t(std::llround(3000.0 / double(hop_ms_))));
  hop_energy_.assign(long_hops_, 0.0);
}

void LoudnessMeter::add_chunk(const float* p, std::size_t n) {
  check(ebur128_add_frames_float(st_.get(), p, n), "add_frames");
  if (tp_) tp_->add(p, n);
}

void LoudnessMeter::add(const float* interleaved, std::size_t frames) {
  while (frames > 0) {
    const std::size_t n = std::min(frames, to_next_hop_);
    add_chunk(interleaved, n);
    interleaved += n * std::size_t(channels_);
    frames -= n;
    frames_ += std::int64_t(n);
    to_next_hop_ -= n;
    if (to_next_hop_ == 0) {
      // K-weighted mean square of the hop: L = -0.691 + 10 log10(e) (BS.1770-4 eq. 2).
      double l = -HUGE_VAL;
      ebur128_loudness_window(st_.get(), hop_ms_, &l);
      hop_energy_[ring_pos_] = std::isfinite(l) ? std::pow(10.0, (l + 0.691) / 10.0) : 0.0;
      double es = 0, el = 0;
      for (std::size_t k = 0; k < long_hops_; ++k) {
        const double e = hop_energy_[(ring_pos_ + long_hops_ - k) % long_hops_];
        el += e;
        if (k < short_hops_) es += e;
      }
      ring_pos_ = (ring_pos_ + 1) % long_hops_;
      const auto lufs = [](double e) { return e > 0 ? -0.691 + 10 * std::log10(e) : -HUGE_VAL; };
      momentary_.push_back(float(clamp_db(lufs(es / double(short_hops_)), kLoudnessFloorLufs)));
      short_term_.push_back(float(clamp_db(lufs(el / double(long_hops_)), kLoudnessFloorLufs)));
      to_next_hop_ = hop_;
    }
  }
}

void LoudnessMeter::add_silence(std::size_t frames) {
  const std::size_t block = hop_;
  if (zeros_.size() < block * std::size_t(channels_)) zeros_.assign(block * std::size_t(channels_), 0.0f);
  while (frames > 0) {
    const std::size_t n = std::min(frames, block);
    add(zeros_.data(), n);
    frames -= n;
  }
}

Loudness LoudnessMeter::loudness() const {
  Loudness out;
  double v = -HUGE_VAL;
  if (ebur128_loudness_global(st_.get(), &v) == EBUR128_SUCCESS) out.integrated_lufs = clamp_db(v, -70);
  v = 0;
  if (ebur128_loudness_range(st_.get(), &v) == EBUR128_SUCCESS && std::isfinite(v)) out.lra_lu = v;
  double tp = 0, sp = 0;
  for (int c = 0; c < channels_; ++c) {
    double x = 0;
    if (tp_) tp = std::max(tp, tp_->peak(c));
    if (ebur128_sample_peak(st_.get(), unsigned(c), &x) == EBUR128_SUCCESS) sp = std::max(sp, x);
  }
  out.sample_peak_dbfs = sp > 0 ? clamp_db(20 * std::log10(sp), -70) : -70;
  out.true_peak_dbtp = true_peak_ ? (tp > 0 ? clamp_db(20 * std::log10(tp), -70) : -70) : out.sample_peak_dbfs;
  return out;
}

}  // namespace reelscale::audio
