/// @file test_audio_bands.cpp
/// kernels::fft_radix2 against a direct DFT, and kernels::band_log_energies on
/// sines of known frequency and amplitude, white noise and digital silence.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <random>
#include <vector>

#include "reelscale/kernels/audio_bands.hpp"

namespace {

namespace k = reelscale::kernels;

TEST(AudioBands, FftMatchesDirectDft) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-1, 1);
  const std::size_t n = 64;
  std::vector<std::complex<double>> x(n);
  for (auto& v : x) v = {u(rng), u(rng)};
  auto y = x;
  k::fft_radix2(y);
  for (std::size_t f = 0; f < n; ++f) {
    std::complex<double> s = 0;
    for (std::size_t t = 0; t < n; ++t)
      s += x[t] * std::polar(1.0, -2.0 * std::numbers::pi * double(f * t) / double(n));
    EXPECT_NEAR(y[f].real(), s.real(), 1e-9);
    EXPECT_NEAR(y[f].imag(), s.imag(), 1e-9);
  }
}

std::vector<float> sine(double hz, double amp, std::size_t n, int sr = 48000) {
  std::vector<float> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = float(amp * std::sin(2 * std::numbers::pi * hz * double(i) / sr));
  return x;
}

TEST(AudioBands, FullScaleSineIsAbout0dBInItsBandOnly) {
  k::BandSpec s;  // 48 kHz, FFT 2048, 24 mel bands 50 Hz - 16 kHz
  for (double hz : {440.0, 1000.0, 5000.0}) {
    const auto x = sine(hz, 1.0, 12000);
    std::vector<float> e(24);
    k::band_log_energies(x.data(), x.size(), s, e.data());
    const auto top = std::max_element(e.begin(), e.end());
    EXPECT_NEAR(*top, 0.0, 1.5) << hz;  // a band may share a few tenths of the main lobe with its neighbour
    // Far bands hold only window leakage.
    for (std::size_t b = 0; b < e.size(); ++b)
      if (std::abs(int(b) - int(top - e.begin())) > 2) EXPECT_LT(e[b], -40.0f) << hz << " band " << b;
    // Higher frequency, higher band.
    static int last = -1;
    EXPECT_GT(int(top - e.begin()), last);
    last = int(top - e.begin());
  }
  // 0.1 amplitude: 20 dB lower.
  const auto a = sine(1000, 1.0, 12000), b = sine(1000, 0.1, 12000);
  std::vector<float> ea(24), eb(24);
  k::band_log_energies(a.data(), a.size(), s, ea.data());
  k::band_log_energies(b.data(), b.size(), s, eb.data());
  const auto i = std::size_t(std::max_element(ea.begin(), ea.end()) - ea.begin());
  EXPECT_NEAR(ea[i] - eb[i], 20.0, 0.01);
}

TEST(AudioBands, SilenceIsTheFloorAndNoiseIsFlatPerHz) {
  k::BandSpec s;
  std::vector<float> zero(12000, 0.0f), e(24);
  k::band_log_energies(zero.data(), zero.size(), s, e.data());
  for (float v : e) EXPECT_EQ(v, k::kBandFloorDb);
  // White noise: band energy grows with band width (mel bands widen with frequency).
  std::mt19937 rng(1);
  std::normal_distribution<float> g(0, 0.1f);
  std::vector<float> w(48000);
  for (auto& v : w) v = g(rng);
  k::band_log_energies(w.data(), w.size(), s, e.data());
  EXPECT_LT(e[2], e[12]);
  EXPECT_LT(e[12], e[22]);
  // Empty input is silence too.
  k::band_log_energies(nullptr, 0, s, e.data());
  EXPECT_EQ(e[0], k::kBandFloorDb);
}

}  // namespace
