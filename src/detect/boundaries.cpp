#include "detect/boundaries.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "detect/signals.hpp"

namespace reelscale::detect {
namespace {

using I = std::ptrdiff_t;

int to_frames(double seconds, double fps, int min_frames = 1) {
  return std::max(min_frames, int(std::lround(seconds * fps)));
}

bool debug_enabled() {
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
  for (I i = 0; i < I(x.size()); ++i) {
    const I lo = std::max<I>(0, i - w), hi = std::min<I>(I(x.size()), i + w + 1);
    buf.assign(x.begin() + lo, x.begin() + hi);
    m[std::size_t(i)] = median_of(buf);
  }
  return m;
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

}  // namespace

std::vector<Transition> detect_cuts(const FrameSeries& s, double fps, const ShotOptions& o) {
  std::vector<Transition> cuts;
  FrameDistances D(s);
  const I n = I(D.size());
  if (n < 2) return cuts;
  const auto x = adjacent(D);
  const int W = to_frames(o.cut_window_s, fps, 2);
  constexpr int kIso = 2;  // isolation half-width (frames): a cut is a single-frame spike
  for (I i = 1; i < n; ++i) {
    const float xi = x[std::size_t(i)];
    if (xi < o.cut_min_distance) continue;
    float nb = 0;
    for (I j = std::max<I>(1, i - kIso); j <= std::min<I>(n - 1, i + kIso); ++j)
      if (j != i) nb = std::max(nb, x[std::size_t(j)]);
    if (xi < o.cut_peak_ratio * nb) continue;
    const auto st = window_stats(x, std::max<I>(1, i - W), i + W + 1, i, i);
    const float med = std::max(st.median, 1e-3f);
    if (xi < o.cut_ratio * med) continue;
    if (xi < st.median + o.cut_mad_k * st.mad) continue;
    // The picture must jump too, not only the colour histogram: a histogram
    // distance alone also spikes when a smooth luma ramp (a dissolve or a
    // lighting change over flat colour) carries a large mass across a bin edge.
    float iso_struct = 0;
    if (D.has_thumb()) {
      float ts = D.thumb(std::size_t(i - 1), std::size_t(i)), tr = D.thumb_raw(std::size_t(i - 1), std::size_t(i));
      float ns = 0, nr = 0;
      for (I j = std::max<I>(1, i - kIso); j <= std::min<I>(n - 1, i + kIso); ++j)
        if (j != i) {
          ns = std::max(ns, D.thumb(std::size_t(j - 1), std::size_t(j)));
          nr = std::max(nr, D.thumb_raw(std::size_t(j - 1), std::size_t(j)));
        }
      iso_struct = std::max(ts / std::max(ns, 2e-3f), tr / std::max(nr, 2e-3f));
      // A cut replaces the picture: a good part of the thumbnail changes.
      // Damaged streams (a smear of corrupt macroblocks until the next key
      // frame) and local motion change only a region.
      auto A = s.thumbnail(std::size_t(i - 1)), B = s.thumbnail(std::size_t(i));
      int changed = 0;
      for (std::size_t p = 0; p < A.size(); ++p) changed += std::abs(int(A[p]) - int(B[p])) > 16;
      const float extent = float(changed) / float(A.size());
      if (extent < o.cut_min_changed_fraction) {
        if (debug_enabled()) std::fprintf(stderr, "cut? %td x=%.3f rejected extent=%.2f\n", i, xi, extent);
        continue;
      }
      if (iso_struct < o.cut_struct_ratio) {
        if (debug_enabled()) std::fprintf(stderr, "cut? %td x=%.3f rejected iso_struct=%.2f\n", i, xi, iso_struct);
        continue;
      }
    }
    bool flash = false;
    for (int k = 1; k <= o.flash_frames && i + k < n; ++k)
      if (D.combined(std::size_t(i - 1), std::size_t(i + k)) < o.flash_similarity * xi) flash = true;
    if (debug_enabled())
      std::fprintf(stderr, "cut? %td x=%.3f nb=%.3f med=%.3f mad=%.3f iso_struct=%.2f flash=%d\n", i, xi, nb,
                   st.median, st.mad, iso_struct, int(flash));
    if (flash) continue;
    Transition t;
    t.type = "cut";
    t.start_frame = t.end_frame = i;
    t.score = xi / med;
    cuts.push_back(t);
  }
  return cuts;
}

std::vector<Transition> detect_fades(const FrameSeries& s, double fps, const ShotOptions& o) {
  std::vector<Transition> fades;
  const I n = I(s.mean_luma.size());
  if (n < 3 || I(s.size()) != n) return fades;
  // Pass 0: fades through black, on the mean luma. Pass 1: fades through white,
  // on 255 - mean luma. In both the flat frames are the minimum of the curve.
  for (int pass = 0; pass < 2; ++pass) {
  std::vector<float> l(s.mean_luma.begin(), s.mean_luma.end());
  if (pass == 1)
    for (auto& v : l) v = 255.f - v;
  const int min_ramp = to_frames(o.fade_min_s, fps, 2);
  const int max_ramp = to_frames(o.grad_max_s, fps, 2);
  const int max_hold = to_frames(o.fade_max_hold_s, fps, 1);
  constexpr float kStep = 0.25f;      // grey levels: smaller steps are noise/duplicates
  constexpr float kRampStop = 0.25f;  // a ramp ends at a step under 1/4 of its largest
  auto dark = [&](I i) {
    if (pass == 1) return l[std::size_t(i)] <= o.fade_black_luma;  // near-white
    return l[std::size_t(i)] <= o.fade_black_luma ||
           (i < I(s.black_fraction.size()) && s.black_fraction[std::size_t(i)] >= o.black_fraction);
  };
  // Ramp going away from a dark frame `b` in direction dir (-1: backwards, fade-out;
  // +1: forwards, fade-in). Returns the far end of the ramp, or b if none.
  auto ramp = [&](I b, int dir) {
    I j = b;
    int flat = 0;
    float biggest = 0;
    while (true) {
      const I k = j + dir;
      if (k < 0 || k >= n || std::llabs(k - b) > max_ramp) break;
      const float step = l[std::size_t(k)] - l[std::size_t(j)];
      // The ramp ends where the luma stops climbing at a fade's pace: a step
      // under a quarter of the ramp's largest is the shot's own drift.
      if (step > kStep && step >= kRampStop * biggest) {
        biggest = std::max(biggest, step);
        j = k;
        flat = 0;
      } else if (step > -kStep && flat == 0) {
        // one flat step allowed (duplicated frames), only if the ramp goes on after it
        const I k2 = k + dir;
        if (k2 < 0 || k2 >= n || l[std::size_t(k2)] - l[std::size_t(k)] <= std::max(kStep, kRampStop * biggest)) break;
        j = k;
        flat = 1;
      } else {
        break;
      }
    }
    return j;
  };
  auto valid_ramp = [&](I far, I b) {
    const I len = std::llabs(far - b);
    if (len < min_ramp) return false;
    const float hi = l[std::size_t(far)], lo = l[std::size_t(b)];
    if (hi - lo < o.fade_min_drop * hi) return false;
    // smooth: no single step carries most of the change (that would be a cut)
    const I a = std::min(far, b), z = std::max(far, b);
    float maxstep = 0;
    for (I i = a + 1; i <= z; ++i) maxstep = std::max(maxstep, std::fabs(l[std::size_t(i)] - l[std::size_t(i - 1)]));
    return maxstep <= 0.6f * (hi - lo);
  };
  I i = 0;
  while (i < n) {
    if (!dark(i)) {
      ++i;
      continue;
    }
    I b0 = i, b1 = i;
    while (b1 + 1 < n && dark(b1 + 1)) ++b1;
    // darkest frames at either end of the dark run anchor the ramps
    const I out_far = ramp(b0, -1), in_far = ramp(b1, +1);
    const bool has_out = valid_ramp(out_far, b0);
    const bool has_in = valid_ramp(in_far, b1);
    const I hold = b1 - b0 + 1;
    if (debug_enabled())
      std::fprintf(stderr, "flat(pass %d) %td-%td out_far=%td(%d) in_far=%td(%d)\n", pass, b0, b1, out_far, int(has_out),
                   in_far, int(has_in));
    auto push = [&](I a, I z, float score) {
      Transition t;
      t.type = "fade";
      t.start_frame = a;
      t.end_frame = z;
      t.score = score;
      fades.push_back(t);
    };
    if (has_out && has_in && hold <= max_hold) {
      push(out_far + 1, in_far - 1, 1.f);
    } else {
      if (has_out) push(out_far + 1, b0, 1.f);
      if (has_in) push(b1, in_far - 1, 1.f);
    }
    i = b1 + 1;
  }
  }
  std::sort(fades.begin(), fades.end(),
            [](const Transition& x, const Transition& y) { return x.start_frame < y.start_frame; });
  return fades;
}

std::vector<Transition> detect_dissolves(const FrameSeries& s, double fps, const ShotOptions& o,
                                         const std::vector<Transition>& cuts) {
  std::vector<Transition> found;
  FrameDistances D(s);
  const I n = I(D.size());
  const int g0 = to_frames(o.grad_gap_s, fps, 2);
  const int Lmin = to_frames(o.grad_min_s, fps, 3);
  const int Lmax = to_frames(o.grad_max_s, fps, 4);
  const int Wg = to_frames(o.grad_window_s, fps, 4);
  if (n < 2 * g0 + 3) return found;
  const auto x = adjacent(D);

  // Candidates at several scales: gap g0, 2 g0, 4 g0 ... while 2 g <= the longest
  // transition. A transition of L frames raises d(i-g, i+g) by about min(1, 2g/L)
  // of its full change, so long dissolves need long gaps.
  struct Cand {
    I c;
    int g;
    float G;
    bool base;
  };
  std::vector<Cand> cands;
  std::vector<std::vector<float>> Gs;
  for (int g = g0, level = 0; level < o.grad_scales && 2 * g <= Lmax && n >= 2 * g + 3; g *= 2, ++level) {
    std::vector<float> G(std::size_t(n), 0.f);
    for (I i = g; i + g < n; ++i) G[std::size_t(i)] = D.combined(std::size_t(i - g), std::size_t(i + g));
    const auto Gmed = sliding_median(G, std::max(Wg, 5 * g));
    for (I i = g; i + g < n; ++i) {
      const float gi = G[std::size_t(i)];
      const double ratio = level == 0 ? o.grad_ratio : o.grad_ratio_coarse;
      if (gi < o.grad_min_distance || gi < ratio * Gmed[std::size_t(i)]) continue;
      bool is_max = true;
      for (I j = std::max<I>(0, i - g); j <= std::min<I>(n - 1, i + g) && is_max; ++j)
        if (G[std::size_t(j)] > gi || (G[std::size_t(j)] == gi && j < i)) is_max = false;
      if (is_max) cands.push_back({i, g, gi, level == 0});
    }
    Gs.push_back(std::move(G));
  }
  // Finest scale first (its spans are the most precise), strongest first within a scale.
  std::sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) {
    return a.g != b.g ? a.g < b.g : a.G > b.G;
  });

  std::vector<std::pair<I, I>> taken;
  for (const auto& cand : cands) {
    const I c = cand.c;
    const int g = cand.g;
    bool inside = false;
    for (auto [a, z] : taken)
      if (c >= a - g && c <= z + g) inside = true;
    if (inside) continue;
    I S = c, E = c;
    float tlow = 0;
    if (cand.base) {
      // Twin comparison: extend while adjacent distances stay above the low
      // threshold (one-frame dips allowed: duplicated frames in rate-converted
      // material). The low threshold of each side is relative to the motion level
      // of the shot on that side: median adjacent distance before / after c.
      const auto left = window_stats(x, std::max<I>(1, c - Wg), c - g, n, n);
      const auto right = window_stats(x, c + g + 1, c + Wg + 1, -1, -1);
      const float tlow_l = std::max(0.004f, float(o.grad_low_ratio) * left.median);
      const float tlow_r = std::max(0.004f, float(o.grad_low_ratio) * right.median);
      tlow = std::max(tlow_l, tlow_r);
      auto above = [&](I i) {
        return i >= 1 && i < n && x[std::size_t(i)] >= (i <= c ? tlow_l : tlow_r);
      };
      if (!above(c)) {
        if (above(c - 1)) S = E = c - 1;
        else if (above(c + 1)) S = E = c + 1;
        else continue;
      }
      while (E - S < Lmax && (above(S - 1) || above(S - 2))) S -= above(S - 1) ? 1 : 2;
      while (E - S < Lmax && (above(E + 1) || above(E + 2))) E += above(E + 1) ? 1 : 2;
    } else {
      // Slow transitions change too little per frame for twin comparison: take
      // the span where d(i-g, i+g) stays above half its peak (for a transition
      // longer than 2g its half-maximum points are its first and last frames).
      const auto& G = Gs[std::size_t(std::countr_zero(unsigned(g / g0)))];
      const float half = 0.5f * G[std::size_t(c)];
      while (S - 1 >= g && G[std::size_t(S - 1)] >= half && c - S < Lmax) --S;
      while (E + 1 + g < n && G[std::size_t(E + 1)] >= half && E - c < Lmax) ++E;
      // At a coarse gap a cut is a plateau 2g wide: a detected cut in or near
      // the span explains the candidate.
      bool cut_near = false;
      for (const auto& t : cuts)
        if (t.start_frame >= S - g && t.start_frame <= E + g) cut_near = true;
      if (cut_near) continue;
    }
    // Trim the ends that change much less than the transition's own pace
    // (a slow shot drifting into the low threshold).
    if (cand.base) {
      // pace: the upper quartile, robust to a half-span of drift and to
      // duplicated frames (zero distance) inside the transition
      std::vector<float> inner(x.begin() + S, x.begin() + E + 1);
      std::sort(inner.begin(), inner.end());
      const float pace = inner[inner.size() * 3 / 4];
      while (S < E && x[std::size_t(S)] < o.grad_trim_ratio * pace) ++S;
      while (E > S && x[std::size_t(E)] < o.grad_trim_ratio * pace) --E;
      // Twin comparison extends a span as long as the frames keep changing, so
      // next to a shot with strong motion of its own it runs on into that shot.
      // The blend itself ends where the picture stops moving away from the
      // frame before it: d(A, t) rises through a dissolve or wipe and then stays
      // at the A-to-new-shot level, however much the new shot moves. Fit
      // ramp-then-plateau to d(A, t) and end the span at the knee.
      if (o.grad_knee_ends && E - S + 1 > Lmin) {
        const I S0 = S, E0 = E;
        // Only the end: the start of a span is where x first rises above the low
        // threshold, which the motion after the candidate does not move; and going
        // backwards from B, a wipe between panning shots is not level before it
        // starts (the synthetic wipe test lost 10 frames of its start that way).
        const I kE = ramp_knee(D, S - 1, E, +1);
        if (kE - S + 1 >= Lmin) E = kE;
        if (debug_enabled() && (S != S0 || E != E0))
          std::fprintf(stderr, "  knee: span %td-%td -> %td-%td\n", S0, E0, S, E);
      }
    }
    const I L = E - S + 1;
    const I pre = S - 1, post = E;
    if (pre < 0 || post >= n) continue;
    float sum = 0, mx = 0;
    for (I i = S; i <= E; ++i) {
      sum += x[std::size_t(i)];
      mx = std::max(mx, x[std::size_t(i)]);
    }
    const float dab = D.combined(std::size_t(pre), std::size_t(post));
    // In-shot change over the same time on either side.
    const float da = D.combined(std::size_t(std::max<I>(0, pre - L)), std::size_t(pre));
    const float db = D.combined(std::size_t(post), std::size_t(std::min<I>(n - 1, post + L)));
    // Betweenness: a blend (dissolve, fade) or a wipe puts every pixel between A and B.
    const float tab = D.thumb_coarse(std::size_t(pre), std::size_t(post));
    float betw = 1.f;
    if (tab > 0.01f && L > 1) {
      float acc = 0;
      for (I t = pre + 1; t < post; ++t)
        acc += (D.thumb_coarse(std::size_t(pre), std::size_t(t)) + D.thumb_coarse(std::size_t(t), std::size_t(post))) / tab;
      betw = acc / float(post - pre - 1);
    }
    const float conc = sum > 0 ? mx / sum : 1.f;
    const bool ok = L >= Lmin && L <= Lmax + 2 && dab >= o.grad_min_distance && conc <= 0.5f &&
                    dab >= o.grad_shot_ratio * std::max(da, db) && betw <= o.grad_max_betweenness;
    if (debug_enabled())
      std::fprintf(stderr, "grad? c=%td g=%d G=%.3f span %td-%td L=%td dab=%.3f da=%.3f db=%.3f conc=%.2f betw=%.2f tlow=%.3f -> %d\n",
                   c, g, cand.G, S, E, L, dab, da, db, conc, betw, tlow, int(ok));
    if (!ok) continue;
    taken.emplace_back(S, E);
    Transition t;
    t.type = "dissolve";
    t.start_frame = S;
    t.end_frame = E - 1 >= S ? E - 1 : S;
    t.score = dab / std::max({da, db, 1e-3f});
    // Wipe or dissolve: in the middle half of the span a dissolve puts every
    // pixel part-way between A and B (alpha ~ progress), a wipe puts each pixel
    // at A or at B (alpha ~ 0 or 1) except along the moving edge.
    if (s.thumb.size() >= std::size_t(n) * 256 && L >= 4) {
      auto A = s.thumbnail(std::size_t(pre)), B = s.thumbnail(std::size_t(post));
      int mid = 0, total = 0;
      for (I f = pre + 1 + L / 4; f <= post - 1 - L / 4; ++f) {
        auto F = s.thumbnail(std::size_t(f));
        for (std::size_t p = 0; p < A.size(); ++p) {
          const int diff = int(B[p]) - int(A[p]);
          if (std::abs(diff) < 40) continue;
          const float alpha = float(int(F[p]) - int(A[p])) / float(diff);
          ++total;
          if (alpha > 0.2f && alpha < 0.8f) ++mid;
        }
      }
      const float mid_fraction = total ? float(mid) / float(total) : 1.f;
      if (debug_enabled()) std::fprintf(stderr, "  mid-alpha fraction %.3f over %d samples\n", mid_fraction, total);
      if (total >= 32 && mid_fraction < o.wipe_max_mid_fraction) t.type = "wipe";
    }
    found.push_back(t);
  }
  std::sort(found.begin(), found.end(),
            [](const Transition& a, const Transition& b) { return a.start_frame < b.start_frame; });
  return found;
}

std::vector<Transition> detect_transitions(const FrameSeries& s, double fps, const ShotOptions& o) {
  auto cuts = detect_cuts(s, fps, o);
  auto fades = detect_fades(s, fps, o);
  auto dissolves = detect_dissolves(s, fps, o, cuts);
  const int margin = 1;
  auto overlaps = [&](const Transition& a, const Transition& b) {
    return a.start_frame <= b.end_frame + margin && b.start_frame <= a.end_frame + margin;
  };
  std::vector<Transition> all = fades;
  for (const auto& d : dissolves) {
    bool hit = false;
    for (auto& f : fades)
      if (overlaps(f, d)) hit = true;
    if (!hit) all.push_back(d);
  }
  const std::size_t gradual_count = all.size();
  for (const auto& c : cuts) {
    bool hit = false;
    for (std::size_t k = 0; k < gradual_count; ++k)
      if (overlaps(all[k], c)) hit = true;
    if (!hit) all.push_back(c);
  }
  std::sort(all.begin(), all.end(),
            [](const Transition& a, const Transition& b) { return a.start_frame < b.start_frame; });
  // Minimum shot length: a boundary that starts less than min_shot frames after
  // the previous one ends is merged into it (the stronger one's kind is kept).
  const int min_shot = to_frames(o.min_shot_s, fps, 1);
  std::vector<Transition> merged;
  for (const auto& t : all) {
    if (!merged.empty() && t.start_frame - merged.back().end_frame < min_shot) {
      auto& p = merged.back();
      const bool p_grad = p.type != "cut", t_grad = t.type != "cut";
      if (p_grad || t_grad) {
        // keep the gradual one (span covers both)
        Transition g = p_grad ? p : t;
        g.start_frame = std::min(p.start_frame, t.start_frame);
        g.end_frame = std::max(p.end_frame, t.end_frame);
        g.score = std::max(p.score, t.score);
        p = g;
      } else if (t.score > p.score) {
        p = t;
      }
      continue;
    }
    merged.push_back(t);
  }
  return merged;
}

}  // namespace reelscale::detect
