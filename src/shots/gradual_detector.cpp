#include "shots/gradual_detector.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "shots/signals.hpp"

namespace reelscale::shots {
namespace {

using I = std::ptrdiff_t;

void require(bool ok, const char* name, const std::string& range) {
  if (!ok) throw std::invalid_argument(std::string("GradualOptions::") + name + " must be " + range);
}

/// End of the ramp of v(j) = d(ref, ref + dir j), j = 0 .. |far - ref|: the frame
/// ref + dir j* where the distance to `ref` stops growing. Least-squares fit of
/// h min(1, j / j*) (a linear ramp from 0, then a plateau) over every j* >= 1,
/// one free level h per j*, so a curve that rises to its last point keeps j* = its
/// length and only a real plateau moves the end. Returns the frame of the knee.
I ramp_knee(const FrameDistances& D, I ref, I far, int dir) {
  const I len = (far - ref) * dir;
  if (len < 2) return far;
  std::vector<double> v(std::size_t(len + 1), 0.0);
  double vv = 0;
  for (I j = 1; j <= len; ++j) {
    const I t = ref + dir * j;
    v[std::size_t(j)] = D.thumb_coarse(std::size_t(ref), std::size_t(t));
    vv += v[std::size_t(j)] * v[std::size_t(j)];
  }
  I best = len;
  double best_sse = 1e300;
  for (I k = 1; k <= len; ++k) {
    double vp = 0, pp = 0;
    for (I j = 1; j <= len; ++j) {
      const double p = std::min(1.0, double(j) / double(k));
      vp += v[std::size_t(j)] * p;
      pp += p * p;
    }
    const double sse = vv - vp * vp / pp;
    if (sse < best_sse - 1e-12) {
      best_sse = sse;
      best = k;
    }
  }
  if (best == len) return far;
  // A plateau is level: the least-squares slope after the knee must be under a
  // quarter of the ramp's (the quarter rule that ends the fade ramps). A ramp that
  // merely slows down (a corner wipe, a saturating distance) keeps its end.
  double sj = 0, sv = 0, sjj = 0, sjv = 0;
  const double m = double(len - best + 1);
  for (I j = best; j <= len; ++j) {
    sj += double(j);
    sv += v[std::size_t(j)];
    sjj += double(j) * double(j);
    sjv += double(j) * v[std::size_t(j)];
  }
  const double after = (m * sjv - sj * sv) / std::max(1e-12, m * sjj - sj * sj);
  const double ramp = v[std::size_t(best)] / double(best);
  if (ramp <= 0 || after > 0.25 * ramp) return far;
  return ref + dir * best;
}

/// A peak of d(i - g, i + g) at gap g.
struct Cand {
  I c;
  int g;
  float G;
  bool base;  ///< finest gap: twin comparison; coarser: half-maximum span
};

/// One asset's gradual-transition search.
class GradualScan {
 public:
  GradualScan(const FrameSeries& s, double fps, const GradualOptions& o, const std::vector<Transition>& cuts)
      : s_(s),
        o_(o),
        cuts_(cuts),
        D_(s),
        n_(I(D_.size())),
        g0_(to_frames(o.grad_gap_s, fps, 2)),
        Lmin_(to_frames(o.grad_min_s, fps, 3)),
        Lmax_(to_frames(o.grad_max_s, fps, 4)),
        Wg_(to_frames(o.grad_window_s, fps, 4)) {}

  std::vector<Transition> run() {
    std::vector<Transition> found;
    if (n_ < 2 * g0_ + 3) return found;
    x_ = adjacent(D_);
    std::vector<std::pair<I, I>> taken;
    for (const auto& cand : candidates()) {
      bool inside = false;
      for (auto [a, z] : taken)
        if (cand.c >= a - cand.g && cand.c <= z + cand.g) inside = true;
      if (inside) continue;
      I S = cand.c, E = cand.c;
      float tlow = 0;
      if (cand.base ? !twin_span(cand, S, E, tlow) : !slow_span(cand, S, E)) continue;
      if (cand.base) trim_span(S, E);
      Transition t;
      if (!validate(cand, S, E, tlow, t)) continue;
      taken.emplace_back(S, E);
      found.push_back(t);
    }
    std::sort(found.begin(), found.end(),
              [](const Transition& a, const Transition& b) { return a.start_frame < b.start_frame; });
    return found;
  }

 private:
  /// Candidates at several scales, finest scale first, strongest first within a scale.
  std::vector<Cand> candidates() {
    // Candidates at several scales: gap g0_, 2 g0_, 4 g0_ ... while 2 g <= the longest
    // transition. A transition of L frames raises d(i-g, i+g) by about min(1, 2g/L)
    // of its full change, so long dissolves need long gaps.
    std::vector<Cand> cands;
    for (int g = g0_, level = 0; level < o_.grad_scales && 2 * g <= Lmax_ && n_ >= 2 * g + 3; g *= 2, ++level) {
      std::vector<float> G(std::size_t(n_), 0.f);
      for (I i = g; i + g < n_; ++i) G[std::size_t(i)] = D_.combined(std::size_t(i - g), std::size_t(i + g));
      const auto Gmed = sliding_median(G, std::max(Wg_, 5 * g));
      for (I i = g; i + g < n_; ++i) {
        const float gi = G[std::size_t(i)];
        const double ratio = level == 0 ? o_.grad_ratio : o_.grad_ratio_coarse;
        if (gi < o_.grad_min_distance || gi < ratio * Gmed[std::size_t(i)]) continue;
        bool is_max = true;
        for (I j = std::max<I>(0, i - g); j <= std::min<I>(n_ - 1, i + g) && is_max; ++j)
          if (G[std::size_t(j)] > gi || (G[std::size_t(j)] == gi && j < i)) is_max = false;
        if (is_max) cands.push_back({i, g, gi, level == 0});
      }
      Gs_.push_back(std::move(G));
      Gmeds_.push_back(std::move(Gmed));
    }
    // Finest scale first (its spans are the most precise), strongest first within a scale.
    std::sort(cands.begin(), cands.end(),
              [](const Cand& a, const Cand& b) { return a.g != b.g ? a.g < b.g : a.G > b.G; });
    return cands;
  }

  /// Twin comparison around a finest-gap candidate; false when no frame there is above the low threshold.
  bool twin_span(const Cand& cand, I& S, I& E, float& tlow) const {
    const I c = cand.c;
    const int g = cand.g;
    // Twin comparison: extend while adjacent distances stay above the low
    // threshold (one-frame dips allowed: duplicated frames in rate-converted
    // material). The low threshold of each side is relative to the motion level
    // of the shot on that side: median adjacent distance before / after c.
    const auto left = window_stats(x_, std::max<I>(1, c - Wg_), c - g, n_, n_);
    const auto right = window_stats(x_, c + g + 1, c + Wg_ + 1, -1, -1);
    const float tlow_l = std::max(0.004f, float(o_.grad_low_ratio) * left.median);
    const float tlow_r = std::max(0.004f, float(o_.grad_low_ratio) * right.median);
    tlow = std::max(tlow_l, tlow_r);
    auto above = [&](I i) { return i >= 1 && i < n_ && x_[std::size_t(i)] >= (i <= c ? tlow_l : tlow_r); };
    if (!above(c)) {
      if (above(c - 1))
        S = E = c - 1;
      else if (above(c + 1))
        S = E = c + 1;
      else
        return false;
    }
    while (E - S < Lmax_ && (above(S - 1) || above(S - 2))) S -= above(S - 1) ? 1 : 2;
    while (E - S < Lmax_ && (above(E + 1) || above(E + 2))) E += above(E + 1) ? 1 : 2;
    return true;
  }

  /// Half-maximum span of a coarse-gap candidate; false when a detected cut explains it.
  bool slow_span(const Cand& cand, I& S, I& E) const {
    const I c = cand.c;
    const int g = cand.g;
    // Slow transitions change too little per frame for twin comparison: take
    // the span where d(i-g, i+g) stays above half its peak (for a transition
    // longer than 2g its half-maximum points are its first and last frames).
    // Half of the peak above the background (the local median of d at this gap,
    // what the shots' own motion gives): a panning shot keeps d(i-g, i+g) well above
    // zero, and half of the raw peak then lies inside the shots (synthetic dissolve
    // between panning shots, 1 px a frame: span 42-81 for a blend of 50-69).
    const std::size_t level = std::size_t(std::countr_zero(unsigned(g / g0_)));
    const auto& G = Gs_[level];
    const float base = std::min(Gmeds_[level][std::size_t(c)], G[std::size_t(c)]);
    const float half = base + 0.5f * (G[std::size_t(c)] - base);
    while (S - 1 >= g && G[std::size_t(S - 1)] >= half && c - S < Lmax_) --S;
    while (E + 1 + g < n_ && G[std::size_t(E + 1)] >= half && E - c < Lmax_) ++E;
    // At a coarse gap a cut is a plateau 2g wide: a detected cut in or near
    // the span explains the candidate.
    bool cut_near = false;
    for (const auto& t : cuts_)
      if (t.start_frame >= S - g && t.start_frame <= E + g) cut_near = true;
    return !cut_near;
  }

  /// Trims the ends that change much less than the transition's own pace (a slow shot
  /// drifting into the low threshold), then moves the end to the knee of d(A, t).
  void trim_span(I& S, I& E) const {
    // pace: the upper quartile, robust to a half-span of drift and to
    // duplicated frames (zero distance) inside the transition
    std::vector<float> inner(x_.begin() + S, x_.begin() + E + 1);
    std::sort(inner.begin(), inner.end());
    const float pace = inner[inner.size() * 3 / 4];
    while (S < E && x_[std::size_t(S)] < o_.grad_trim_ratio * pace) ++S;
    while (E > S && x_[std::size_t(E)] < o_.grad_trim_ratio * pace) --E;
    // Twin comparison extends a span as long as the frames keep changing, so
    // next to a shot with strong motion of its own it runs on into that shot.
    // The blend itself ends where the picture stops moving away from the
    // frame before it: d(A, t) rises through a dissolve or wipe and then stays
    // at the A-to-new-shot level, however much the new shot moves. Fit
    // ramp-then-plateau to d(A, t) and end the span at the knee.
    if (o_.grad_knee_ends && E - S + 1 > Lmin_) {
      const I S0 = S, E0 = E;
      // Only the end: the start of a span is where x first rises above the low
      // threshold, which the motion after the candidate does not move; and going
      // backwards from B, a wipe between panning shots is not level before it
      // starts (the synthetic wipe test lost 10 frames of its start that way).
      const I kE = ramp_knee(D_, S - 1, E, +1);
      if (kE - S + 1 >= Lmin_) E = kE;
      if (shots_debug() && (S != S0 || E != E0))
        std::fprintf(stderr, "  knee: span %td-%td -> %td-%td\n", S0, E0, S, E);
    }
  }

  /// The span tests (length, change across vs inside the neighbouring shots,
  /// concentration, betweenness); fills `out` when they pass.
  bool validate(const Cand& cand, I S, I E, float tlow, Transition& out) const {
    const I c = cand.c;
    const int g = cand.g;
    const I L = E - S + 1;
    const I pre = S - 1, post = E;
    if (pre < 0 || post >= n_) return false;
    float sum = 0, mx = 0;
    for (I i = S; i <= E; ++i) {
      sum += x_[std::size_t(i)];
      mx = std::max(mx, x_[std::size_t(i)]);
    }
    const float dab = D_.combined(std::size_t(pre), std::size_t(post));
    // In-shot change over the same time on either side.
    const float da = D_.combined(std::size_t(std::max<I>(0, pre - L)), std::size_t(pre));
    const float db = D_.combined(std::size_t(post), std::size_t(std::min<I>(n_ - 1, post + L)));
    // Betweenness: a blend (dissolve, fade) or a wipe puts every pixel between A and B.
    const float tab = D_.thumb_coarse(std::size_t(pre), std::size_t(post));
    float betw = 1.f;
    if (tab > 0.01f && L > 1) {
      float acc = 0;
      for (I t = pre + 1; t < post; ++t)
        acc +=
            (D_.thumb_coarse(std::size_t(pre), std::size_t(t)) + D_.thumb_coarse(std::size_t(t), std::size_t(post))) /
            tab;
      betw = acc / float(post - pre - 1);
    }
    const float conc = sum > 0 ? mx / sum : 1.f;
    const bool ok = L >= Lmin_ && L <= Lmax_ + 2 && dab >= o_.grad_min_distance && conc <= 0.5f &&
                    dab >= o_.grad_shot_ratio * std::max(da, db) && betw <= o_.grad_max_betweenness;
    if (shots_debug())
      std::fprintf(
          stderr,
          "grad? c=%td g=%d G=%.3f span %td-%td L=%td dab=%.3f da=%.3f db=%.3f conc=%.2f betw=%.2f tlow=%.3f -> %d\n",
          c, g, cand.G, S, E, L, dab, da, db, conc, betw, tlow, int(ok));
    if (!ok) return false;
    out.type = "dissolve";
    out.start_frame = S;
    out.end_frame = E - 1 >= S ? E - 1 : S;
    out.score = dab / std::max({da, db, 1e-3f});
    classify_wipe(pre, post, L, out);
    return true;
  }

  /// Wipe or dissolve: in the middle half of the span a dissolve puts every pixel
  /// part-way between A and B (alpha ~ progress), a wipe puts each pixel at A or at B
  /// (alpha ~ 0 or 1) except along the moving edge.
  void classify_wipe(I pre, I post, I L, Transition& t) const {
    if (s_.thumb.size() >= std::size_t(n_) * 256 && L >= 4) {
      auto A = s_.thumbnail(std::size_t(pre)), B = s_.thumbnail(std::size_t(post));
      int mid = 0, total = 0;
      for (I f = pre + 1 + L / 4; f <= post - 1 - L / 4; ++f) {
        auto F = s_.thumbnail(std::size_t(f));
        for (std::size_t p = 0; p < A.size(); ++p) {
          const int diff = int(B[p]) - int(A[p]);
          if (std::abs(diff) < 40) continue;
          const float alpha = float(int(F[p]) - int(A[p])) / float(diff);
          ++total;
          if (alpha > 0.2f && alpha < 0.8f) ++mid;
        }
      }
      const float mid_fraction = total ? float(mid) / float(total) : 1.f;
      if (shots_debug()) std::fprintf(stderr, "  mid-alpha fraction %.3f over %d samples\n", mid_fraction, total);
      if (total >= 32 && mid_fraction < o_.wipe_max_mid_fraction) t.type = "wipe";
    }
  }

  const FrameSeries& s_;
  const GradualOptions& o_;
  const std::vector<Transition>& cuts_;
  FrameDistances D_;
  I n_;
  int g0_, Lmin_, Lmax_, Wg_;
  std::vector<float> x_;
  std::vector<std::vector<float>> Gs_;
  std::vector<std::vector<float>> Gmeds_;  ///< sliding median of each Gs_ (its background level)
};

}  // namespace

void GradualOptions::validate() const {
  require(grad_gap_s > 0 && grad_gap_s <= 60, "grad_gap_s", "in (0, 60] s");
  require(grad_scales >= 1 && grad_scales <= 16, "grad_scales", "in [1, 16]");
  require(grad_ratio >= 1 && grad_ratio_coarse >= 1, "grad_ratio / grad_ratio_coarse", ">= 1");
  require(grad_window_s > 0 && grad_window_s <= 600, "grad_window_s", "in (0, 600] s");
  require(grad_min_distance >= 0 && grad_min_distance <= 1, "grad_min_distance", "in [0, 1]");
  require(grad_low_ratio >= 0 && grad_shot_ratio >= 0, "grad_low_ratio / grad_shot_ratio", ">= 0");
  require(grad_max_betweenness >= 1, "grad_max_betweenness", ">= 1");
  require(wipe_max_mid_fraction >= 0 && wipe_max_mid_fraction <= 1, "wipe_max_mid_fraction", "in [0, 1]");
  require(grad_trim_ratio >= 0 && grad_trim_ratio <= 1, "grad_trim_ratio", "in [0, 1]");
  require(grad_min_s > 0 && grad_min_s <= grad_max_s, "grad_min_s", "in (0, grad_max_s]");
  require(grad_max_s <= 600, "grad_max_s", "<= 600 s");
}

std::vector<Transition> detect_dissolves(const FrameSeries& s, double fps, const GradualOptions& o,
                                         const std::vector<Transition>& cuts) {
  o.validate();
  return GradualScan(s, fps, o, cuts).run();
}

}  // namespace reelscale::shots
