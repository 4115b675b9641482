#include "reelscale/kernels/audio_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace reelscale::kernels {

TruePeak::TruePeak(int channels, int sample_rate) : channels_(channels) {
  if (channels < 1 || sample_rate < 1)
    throw std::invalid_argument("TruePeak: channels and sample rate must be positive");
  factor_ = sample_rate < 96000 ? 4 : sample_rate < 192000 ? 2 : 1;
  const int taps = 49;  // libebur128 1.2: interp_create(49, factor)
  delay_ = std::size_t((taps + factor_ - 1) / factor_);
  coeff_.assign(std::size_t(factor_), {});
  idx_.assign(std::size_t(factor_), {});
  if (factor_ > 1) {
    for (int j = 0; j < taps; ++j) {
      const double m = double(j) - double(taps - 1) / 2.0;
      double c = 1.0;
      if (std::abs(m) > 1e-6) c = std::sin(m * M_PI / factor_) / (m * M_PI / factor_);
      c *= 0.5 * (1 - std::cos(2 * M_PI * j / (taps - 1)));  // Hann window
      if (std::abs(c) > 1e-6) {
        coeff_[std::size_t(j % factor_)].push_back(c);
        idx_[std::size_t(j % factor_)].push_back(std::size_t(j / factor_));
      }
    }
    l1_max_ = 0;
    for (const auto& ph : coeff_) {
      double s = 0;
      for (double c : ph) s += std::abs(c);
      l1_max_ = std::max(l1_max_, s);
    }
  }
  ext_.assign(std::size_t(channels), std::vector<float>(delay_ - 1 + 0, 0.0f));
  peak_.assign(std::size_t(channels), 0.0);
}

void TruePeak::add(const float* in, std::size_t frames) {
  if (frames == 0) return;
  const std::size_t h = delay_ - 1;  // history kept before the block
  const std::size_t ch = std::size_t(channels_);
  for (std::size_t c = 0; c < ch; ++c) {
    std::vector<float>& e = ext_[c];
    e.resize(h + frames);
    float block_max = 0;
    for (std::size_t n = 0; n < frames; ++n) {
      const float v = in[n * ch + c];
      e[h + n] = v;
      block_max = std::max(block_max, std::abs(v));
    }
    double& pk = peak_[c];
    pk = std::max(pk, double(block_max));  // the sample peak
    if (factor_ > 1) {
      float ext_max = block_max;
      for (std::size_t k = 0; k < h; ++k) ext_max = std::max(ext_max, std::abs(e[k]));
      if (double(ext_max) * l1_max_ > pk) {
        for (std::size_t n = 0; n < frames; ++n) {
          const float* x = e.data() + h + n;  // x[-i] is the sample i frames back
          for (std::size_t f = 0; f < coeff_.size(); ++f) {
            double acc = 0;
            const auto& cf = coeff_[f];
            const auto& ix = idx_[f];
            for (std::size_t t = 0; t < cf.size(); ++t) acc += double(*(x - std::ptrdiff_t(ix[t]))) * cf[t];
            pk = std::max(pk, std::abs(double(float(acc))));
          }
        }
      }
    }
    // keep the last h samples as the next block's history
    std::copy(e.end() - std::ptrdiff_t(h), e.end(), e.begin());
    e.resize(h);
  }
}

}  // namespace reelscale::kernels
