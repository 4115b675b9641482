#include "reelscale/kernels/audio_bands.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <utility>

namespace reelscale::kernels {

namespace {

/// Per-size tables of fft_radix2: the bit-reversal pairs and, per stage, the twiddles
/// w_k = wl^k built by the same running product `w *= wl` as the textbook loop, so a
/// transform with the tables is bit-identical to one that recomputes them.
struct FftTables {
  std::size_t n = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> swaps;
  std::vector<std::complex<double>> twiddles;  ///< stage len=2,4,...,n: len/2 values each
};

const FftTables& fft_tables(std::size_t n) {
  thread_local std::vector<FftTables> cache;  // a few sizes per thread (bands, speech features)
  for (const FftTables& c : cache)
    if (c.n == n) return c;
  if (cache.size() >= 8) cache.clear();
  FftTables& t = cache.emplace_back();
  t.n = n;
  for (std::size_t i = 1, j = 0; i < n; ++i) {
    std::size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) t.swaps.emplace_back(std::uint32_t(i), std::uint32_t(j));
  }
  for (std::size_t len = 2; len <= n; len <<= 1) {
    const double ang = -2.0 * std::numbers::pi / double(len);
    const std::complex<double> wl(std::cos(ang), std::sin(ang));
    std::complex<double> w(1.0, 0.0);
    for (std::size_t k = 0; k < len / 2; ++k) {
      t.twiddles.push_back(w);
      w *= wl;
    }
  }
  return t;
}

}  // namespace

void fft_radix2(std::vector<std::complex<double>>& a) {
  const std::size_t n = a.size();
  if (n < 2) return;
  const FftTables& t = fft_tables(n);
  for (const auto& [i, j] : t.swaps) std::swap(a[i], a[j]);
  const std::complex<double>* tw = t.twiddles.data();
  for (std::size_t len = 2; len <= n; len <<= 1) {
    const std::size_t half = len / 2;
    for (std::size_t i = 0; i < n; i += len) {
      std::complex<double>* lo = a.data() + i;
      std::complex<double>* hi = lo + half;
      for (std::size_t k = 0; k < half; ++k) {
        const auto u = lo[k], v = hi[k] * tw[k];
        lo[k] = u + v;
        hi[k] = u - v;
      }
    }
    tw += half;
  }
}

namespace {
double hz_to_mel(double f) { return 2595.0 * std::log10(1.0 + f / 700.0); }
double mel_to_hz(double m) { return 700.0 * (std::pow(10.0, m / 2595.0) - 1.0); }
}  // namespace

namespace {

/// What band_log_energies derives from its BandSpec alone (band edges in bins, Hann
/// window, 0 dB reference); cached per thread, computed exactly as before.
struct BandPlan {
  BandSpec spec{0, 0, 0, 0, 0};
  std::vector<std::size_t> lo, hi;  ///< [lo, hi) bins of each band
  std::vector<double> w;            ///< Hann window
  double ref = 1;                   ///< one-sided band energy of a full-scale sine
};

bool same_spec(const BandSpec& a, const BandSpec& b) {
  return a.sample_rate == b.sample_rate && a.fft_size == b.fft_size && a.bands == b.bands && a.f_min == b.f_min &&
         a.f_max == b.f_max;
}

const BandPlan& band_plan(const BandSpec& s) {
  thread_local BandPlan p;
  if (!p.w.empty() && same_spec(p.spec, s)) return p;
  p.spec = s;
  const std::size_t N = std::size_t(std::max(2, s.fft_size));
  const int B = std::max(1, s.bands);
  const double nyq = 0.5 * s.sample_rate;
  const double fmax = std::min(s.f_max, nyq), fmin = std::clamp(s.f_min, 0.0, fmax);
  // Band edges in FFT bins: bin k (centre k * sr / N) belongs to band b when edge_b <= f < edge_{b+1}.
  p.lo.assign(std::size_t(B), 0);
  p.hi.assign(std::size_t(B), 0);
  const double m0 = hz_to_mel(fmin), m1 = hz_to_mel(fmax);
  const double bin_hz = double(s.sample_rate) / double(N);
  for (int b = 0; b < B; ++b) {
    const double e0 = mel_to_hz(m0 + (m1 - m0) * b / B), e1 = mel_to_hz(m0 + (m1 - m0) * (b + 1) / B);
    std::size_t k0 = std::size_t(std::ceil(e0 / bin_hz)), k1 = std::size_t(std::ceil(e1 / bin_hz));
    if (k1 <= k0) {  // narrower than a bin: the bin nearest the band centre
      k0 = std::size_t(std::lround(0.5 * (e0 + e1) / bin_hz));
      k1 = k0 + 1;
    }
    p.lo[std::size_t(b)] = std::min(k0, N / 2);
    p.hi[std::size_t(b)] = std::min(std::max(k1, p.lo[std::size_t(b)] + 1), N / 2 + 1);
  }
  // Hann window. Parseval: sum_k |X(k)|^2 = N * sum_i (w_i x_i)^2, which for a
  // full-scale sine (mean x^2 = 1/2) is N * sum(w^2) / 2; the one-sided sum
  // (bins 1..N/2-1 doubled) holds all of it, so that is the 0 dB reference.
  p.w.assign(N, 0.0);
  double w2 = 0;
  for (std::size_t i = 0; i < N; ++i) {
    p.w[i] = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * double(i) / double(N));
    w2 += p.w[i] * p.w[i];
  }
  p.ref = double(N) * w2 / 2.0;
  return p;
}

}  // namespace

void band_log_energies(const float* x, std::size_t n, const BandSpec& s, float* out) {
  const std::size_t N = std::size_t(std::max(2, s.fft_size));
  const int B = std::max(1, s.bands);
  const BandPlan& plan = band_plan(s);
  const std::vector<std::size_t>&lo = plan.lo, &hi = plan.hi;
  const std::vector<double>& w = plan.w;
  const double ref = plan.ref;
  std::vector<double> acc(std::size_t(B), 0.0);
  thread_local std::vector<std::complex<double>> buf;
  buf.resize(N);
  int frames = 0;
  for (std::size_t start = 0; start < std::max<std::size_t>(n, 1); start += N) {
    const std::size_t m = std::min(N, n > start ? n - start : 0);
    if (frames > 0 && m < N / 2) break;
    for (std::size_t i = 0; i < N; ++i) buf[i] = i < m ? double(x[start + i]) * w[i] : 0.0;
    fft_radix2(buf);
    for (int b = 0; b < B; ++b) {
      double e = 0;
      for (std::size_t k = lo[std::size_t(b)]; k < hi[std::size_t(b)]; ++k) {
        const double p = std::norm(buf[k]);
        e += (k == 0 || k == N / 2) ? p : 2.0 * p;  // one-sided spectrum
      }
      acc[std::size_t(b)] += e;
    }
    ++frames;
    if (n <= start + N) break;
  }
  for (int b = 0; b < B; ++b) {
    const double e = acc[std::size_t(b)] / double(std::max(1, frames)) / ref;
    out[b] = e > 1e-12 ? std::max(kBandFloorDb, float(10.0 * std::log10(e))) : kBandFloorDb;
  }
}

}  // namespace reelscale::kernels
