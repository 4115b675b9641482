/// @file embedding.cpp
/// GIST-style steerable-filter energies + colour layout (see embedding.hpp for
/// the method and its sources).

#include "reelscale/kernels/embedding.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <vector>

namespace reelscale::kernels {
namespace {

constexpr int kTaps = 9;
constexpr int kHalf = kTaps / 2;
constexpr double kSpacing = 0.67;  // Freeman & Adelson 1991, Table III

/// The five 1-D factors of the separable G2/H2 basis (Freeman & Adelson 1991,
/// Table III), sampled at x = (i - 4) * 0.67.
struct SteerableTaps {
  std::array<float, kTaps> a{};   ///< 0.9213 (2x^2 - 1) e^{-x^2}
  std::array<float, kTaps> g{};   ///< e^{-x^2}
  std::array<float, kTaps> d{};   ///< x e^{-x^2}
  std::array<float, kTaps> ha{};  ///< 0.9780 (-2.254 x + x^3) e^{-x^2}
  std::array<float, kTaps> hb{};  ///< 0.9780 (x^2 - 0.7515) e^{-x^2}
  SteerableTaps() {
    for (int i = 0; i < kTaps; ++i) {
      const double x = (i - kHalf) * kSpacing;
      const double e = std::exp(-x * x);
      a[i] = float(0.9213 * (2 * x * x - 1) * e);
      g[i] = float(e);
      d[i] = float(x * e);
      ha[i] = float(0.9780 * (-2.254 * x + x * x * x) * e);
      hb[i] = float(0.9780 * (x * x - 0.7515) * e);
    }
    // Zero-mean the even factor `a` so flat areas give no G2a/G2c response
    // (the sampled filter has a small DC leak); the other basis filters are
    // odd in x or y and have no DC.
    double sa = 0;
    for (float v : a) sa += v;
    for (float& v : a) v -= float(sa / kTaps);
  }
};

const SteerableTaps& taps() {
  static const SteerableTaps t;
  return t;
}

/// Per-orientation steering coefficients (Freeman & Adelson 1991, Table III).
struct Steering {
  std::array<std::array<float, 3>, kEmbedOrientations> g{};
  std::array<std::array<float, 4>, kEmbedOrientations> h{};
  Steering() {
    for (int k = 0; k < kEmbedOrientations; ++k) {
      const double th = M_PI * k / kEmbedOrientations;
      const double c = std::cos(th), s = std::sin(th);
      g[k] = {float(c * c), float(-2 * c * s), float(s * s)};
      h[k] = {float(c * c * c), float(-3 * c * c * s), float(3 * c * s * s), float(-s * s * s)};
    }
  }
};

const Steering& steering() {
  static const Steering s;
  return s;
}

/// Area-resampling weights of one axis: output i covers source [i*r, (i+1)*r).
struct AxisWeights {
  std::vector<int> first;     // first source index of each output
  std::vector<int> count;     // number of source samples
  std::vector<float> weight;  // concatenated weights (sum to 1 per output)
  std::vector<int> offset;
};

void make_axis(int src, int dst, AxisWeights& w) {
  w.first.assign(dst, 0);
  w.count.assign(dst, 0);
  w.offset.assign(dst, 0);
  w.weight.clear();
  const double r = double(src) / dst;
  for (int i = 0; i < dst; ++i) {
    const double lo = i * r, hi = (i + 1) * r;
    int s0 = int(std::floor(lo));
    int s1 = std::min(src, int(std::ceil(hi)));
    w.first[i] = s0;
    w.offset[i] = int(w.weight.size());
    for (int s = s0; s < s1; ++s) {
      const double ov = std::min(hi, double(s + 1)) - std::max(lo, double(s));
      w.weight.push_back(float(ov / r));
    }
    w.count[i] = s1 - s0;
  }
}

/// Thread-local scratch, reused between calls.
struct Scratch {
  AxisWeights ax, ay;
  int ax_src = -1, ay_src = -1, ax_dst = -1, ay_dst = -1;
  std::vector<float> tmp;  // horizontal pass of the resample
  std::array<std::vector<float>, kEmbedScales> level;
  std::array<std::vector<float>, 5> hpass;  // a, g, d, ha, hb along x
  std::array<std::vector<float>, 7> basis;  // G2a G2b G2c H2a H2b H2c H2d
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

void ensure_axis(AxisWeights& w, int& cs, int& cd, int src, int dst) {
  if (cs != src || cd != dst) {
    make_axis(src, dst, w);
    cs = src;
    cd = dst;
  }
}

/// Area-resamples `img` to kEmbedSide^2 floats in 0..1.
void resample_gray(const GrayView& img, Scratch& s, std::vector<float>& out) {
  constexpr int N = kEmbedSide;
  ensure_axis(s.ax, s.ax_src, s.ax_dst, img.width, N);
  ensure_axis(s.ay, s.ay_src, s.ay_dst, img.height, N);
  s.tmp.assign(std::size_t(img.height) * N, 0.0f);
  for (int y = 0; y < img.height; ++y) {
    const std::uint8_t* r = img.row(y);
    float* t = s.tmp.data() + std::size_t(y) * N;
    for (int x = 0; x < N; ++x) {
      const float* w = s.ax.weight.data() + s.ax.offset[x];
      const std::uint8_t* p = r + s.ax.first[x];
      float acc = 0;
      for (int k = 0; k < s.ax.count[x]; ++k) acc += w[k] * float(p[k]);
      t[x] = acc;
    }
  }
  out.assign(std::size_t(N) * N, 0.0f);
  for (int y = 0; y < N; ++y) {
    float* o = out.data() + std::size_t(y) * N;
    const float* w = s.ay.weight.data() + s.ay.offset[y];
    for (int k = 0; k < s.ay.count[y]; ++k) {
      const float* t = s.tmp.data() + std::size_t(s.ay.first[y] + k) * N;
      const float wk = w[k] * (1.0f / 255.0f);
      for (int x = 0; x < N; ++x) o[x] += wk * t[x];
    }
  }
}

/// 2x2 box downsample of an n x n image.
void halve(const std::vector<float>& in, int n, std::vector<float>& out) {
  const int m = n / 2;
  out.assign(std::size_t(m) * m, 0.0f);
  for (int y = 0; y < m; ++y)
    for (int x = 0; x < m; ++x) {
      const float* r0 = in.data() + std::size_t(2 * y) * n + 2 * x;
      const float* r1 = r0 + n;
      out[std::size_t(y) * m + x] = 0.25f * (r0[0] + r0[1] + r1[0] + r1[1]);
    }
}

inline int clampi(int v, int lo, int hi) { return v < lo ? lo : (v > hi ? hi : v); }

/// Horizontal 9-tap correlation with edge replication.
void filter_x(const std::vector<float>& in, int n, const std::array<float, kTaps>& f, std::vector<float>& out) {
  out.resize(std::size_t(n) * n);
  for (int y = 0; y < n; ++y) {
    const float* r = in.data() + std::size_t(y) * n;
    float* o = out.data() + std::size_t(y) * n;
    for (int x = 0; x < n; ++x) {
      float acc = 0;
      if (x >= kHalf && x < n - kHalf) {
        for (int k = 0; k < kTaps; ++k) acc += f[k] * r[x + k - kHalf];
      } else {
        for (int k = 0; k < kTaps; ++k) acc += f[k] * r[clampi(x + k - kHalf, 0, n - 1)];
      }
      o[x] = acc;
    }
  }
}

/// Vertical 9-tap correlation with edge replication, times `scale`.
void filter_y(const std::vector<float>& in, int n, const std::array<float, kTaps>& f, float scale,
              std::vector<float>& out) {
  out.assign(std::size_t(n) * n, 0.0f);
  for (int y = 0; y < n; ++y) {
    float* o = out.data() + std::size_t(y) * n;
    for (int k = 0; k < kTaps; ++k) {
      const float* r = in.data() + std::size_t(clampi(y + k - kHalf, 0, n - 1)) * n;
      const float w = f[k] * scale;
      for (int x = 0; x < n; ++x) o[x] += w * r[x];
    }
  }
}

/// Oriented-energy amplitudes of one level pooled on the grid, centred and
/// normalised: writes kEmbedOrientations * kEmbedGrid^2 values
/// (index = orientation * 16 + cell).
void level_gist(const std::vector<float>& img, int n, Scratch& s, float* out) {
  const SteerableTaps& t = taps();
  filter_x(img, n, t.a, s.hpass[0]);
  filter_x(img, n, t.g, s.hpass[1]);
  filter_x(img, n, t.d, s.hpass[2]);
  filter_x(img, n, t.ha, s.hpass[3]);
  filter_x(img, n, t.hb, s.hpass[4]);
  filter_y(s.hpass[0], n, t.g, 1.0f, s.basis[0]);    // G2a = a(x) g(y)
  filter_y(s.hpass[2], n, t.d, 1.843f, s.basis[1]);  // G2b = 1.843 d(x) d(y)
  filter_y(s.hpass[1], n, t.a, 1.0f, s.basis[2]);    // G2c = g(x) a(y)
  filter_y(s.hpass[3], n, t.g, 1.0f, s.basis[3]);    // H2a = ha(x) g(y)
  filter_y(s.hpass[4], n, t.d, 1.0f, s.basis[4]);    // H2b = hb(x) d(y)
  filter_y(s.hpass[2], n, t.hb, 1.0f, s.basis[5]);   // H2c = d(x) hb(y)
  filter_y(s.hpass[1], n, t.ha, 1.0f, s.basis[6]);   // H2d = g(x) ha(y)

  const Steering& st = steering();
  constexpr int G = kEmbedGrid, O = kEmbedOrientations;
  std::array<double, O * G * G> acc{};
  std::array<int, G * G> cnt{};
  for (int y = 0; y < n; ++y) {
    const int cy = y * G / n;
    for (int x = 0; x < n; ++x) {
      const int cell = cy * G + x * G / n;
      const std::size_t i = std::size_t(y) * n + x;
      const float b0 = s.basis[0][i], b1 = s.basis[1][i], b2 = s.basis[2][i];
      const float h0 = s.basis[3][i], h1 = s.basis[4][i], h2 = s.basis[5][i], h3 = s.basis[6][i];
      for (int k = 0; k < O; ++k) {
        const float gv = st.g[k][0] * b0 + st.g[k][1] * b1 + st.g[k][2] * b2;
        const float hv = st.h[k][0] * h0 + st.h[k][1] * h1 + st.h[k][2] * h2 + st.h[k][3] * h3;
        acc[std::size_t(k) * G * G + cell] += double(gv * gv + hv * hv);
      }
      ++cnt[cell];
    }
  }
  constexpr int D = O * G * G;
  double mean = 0;
  for (int j = 0; j < D; ++j) {
    const int c = cnt[j % (G * G)];
    const double v = std::sqrt(c > 0 ? acc[j] / c : 0.0);
    out[j] = float(v);
    mean += v;
  }
  mean /= D;
  double ss = 0;
  for (int j = 0; j < D; ++j) {
    out[j] = float(out[j] - mean);
    ss += double(out[j]) * out[j];
  }
  // A flat image has (numerically) no structure: leave the block at zero.
  if (ss <= 1e-12 || mean < 1e-4) {
    for (int j = 0; j < D; ++j) out[j] = 0;
    return;
  }
  const float inv = float(1.0 / std::sqrt(ss));
  for (int j = 0; j < D; ++j) out[j] *= inv;
}

/// Mean (Y - 0.5, 2 Cb, 2 Cr) per grid cell (BT.601, 0..1), cell-major.
void colour_layout(const BgrView& img, float* out) {
  constexpr int G = kEmbedGrid;
  std::array<double, 3 * G * G> acc{};
  std::array<int, G * G> cnt{};
  for (int y = 0; y < img.height; ++y) {
    const std::uint8_t* r = img.row(y);
    const int cy = y * G / img.height;
    for (int x = 0; x < img.width; ++x) {
      const int cell = cy * G + x * G / img.width;
      const double b = r[3 * x] / 255.0, g = r[3 * x + 1] / 255.0, rr = r[3 * x + 2] / 255.0;
      const double Y = 0.299 * rr + 0.587 * g + 0.114 * b;
      acc[3 * cell] += Y;
      acc[3 * cell + 1] += 0.564 * (b - Y);
      acc[3 * cell + 2] += 0.713 * (rr - Y);
      ++cnt[cell];
    }
  }
  for (int c = 0; c < G * G; ++c) {
    const double n = cnt[c] > 0 ? cnt[c] : 1;
    out[3 * c] = float(acc[3 * c] / n - 0.5);
    out[3 * c + 1] = float(2 * acc[3 * c + 1] / n);
    out[3 * c + 2] = float(2 * acc[3 * c + 2] / n);
  }
}

}  // namespace

float dot(std::span<const float> a, std::span<const float> b) {
  if (a.size() != b.size()) throw std::invalid_argument("dot: vectors differ in length");
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += double(a[i]) * b[i];
  return float(s);
}

float l2_normalise(std::span<float> v) {
  double ss = 0;
  for (float x : v) ss += double(x) * x;
  const double n = std::sqrt(ss);
  if (n > 0) {
    const float inv = float(1.0 / n);
    for (float& x : v) x *= inv;
  }
  return float(n);
}

void image_embedding(const GrayView& gray, const BgrView& bgr, std::span<float> out, const EmbeddingWeights& w) {
  if (out.size() != std::size_t(kEmbeddingDim))
    throw std::invalid_argument("image_embedding: output must have kEmbeddingDim elements");
  if (gray.data == nullptr || gray.width < 4 || gray.height < 4)
    throw std::invalid_argument("image_embedding: grey image must be at least 4x4");
  if (bgr.data == nullptr || bgr.width < 4 || bgr.height < 4)
    throw std::invalid_argument("image_embedding: BGR image must be at least 4x4");
  Scratch& s = scratch();
  resample_gray(gray, s, s.level[0]);
  int n = kEmbedSide;
  constexpr int per_level = kEmbedOrientations * kEmbedGrid * kEmbedGrid;
  for (int l = 0; l < kEmbedScales; ++l) {
    if (l > 0) {
      halve(s.level[l - 1], n, s.level[l]);
      n /= 2;
    }
    level_gist(s.level[l], n, s, out.data() + std::size_t(l) * per_level);
  }
  // GIST block: each level is unit length (or zero); scale the block to unit length.
  const float gscale = w.gist / std::sqrt(float(kEmbedScales));
  for (int i = 0; i < kGistDim; ++i) out[i] *= gscale;
  float* col = out.data() + kGistDim;
  colour_layout(bgr, col);
  const float cscale = w.colour / float(kEmbedGrid);  // per-cell RMS scale
  for (int i = 0; i < kColourLayoutDim; ++i) col[i] *= cscale;
  l2_normalise(out);
}

}  // namespace reelscale::kernels
