#include "adbreaks/ad_breaks.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "record/timeline.hpp"
#include "reelscale/kernels/frame_kernels.hpp"

namespace reelscale::adbreaks {
namespace {

/// Frame <-> time helpers over one asset's series.
struct Timeline {
  const FrameSeries& s;
  double fps;
  std::int64_t n;
  explicit Timeline(const AssetRecord& r)
      : s(r.series), fps(record::timeline::effective_fps(r.fps)), n(std::int64_t(r.series.size())) {}
  double time(std::int64_t i) const {
    if (i >= 0 && i < n && std::isfinite(s.pts_s[std::size_t(i)])) return s.pts_s[std::size_t(i)];
    return double(i) / fps;
  }
  std::int64_t frames(double seconds) const { return std::int64_t(std::llround(seconds * fps)); }
  std::int64_t clamp(std::int64_t i) const { return std::clamp<std::int64_t>(i, 0, std::max<std::int64_t>(0, n - 1)); }
};

double programme_duration(const AssetRecord& r, const Timeline& tl) {
  const double from_frames = tl.n > 0 ? tl.time(tl.n - 1) + 1.0 / tl.fps : 0.0;
  return r.duration_s > 0 ? std::max(r.duration_s, from_frames) : from_frames;
}

bool is_black(const FrameSeries& s, std::int64_t i, double frac) {
  return i >= 0 && record::is_black_frame(s, std::size_t(i), frac);
}

double overlap(double a0, double a1, double b0, double b1) {
  return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}

/// Mean loudness (energy mean, LUFS) of the momentary windows lying inside [t0, t1]; NaN when none.
double mean_loudness(const AudioAnalysis& a, double t0, double t1) {
  if (a.momentary_lufs.empty() || !(a.series_rate_hz > 0)) return std::nan("");
  const double r = a.series_rate_hz;
  // window i covers [start + (i+1)/r - 0.4, start + (i+1)/r]
  const double lo = (t0 + 0.4 - a.start_s) * r - 1, hi = (t1 - a.start_s) * r - 1;
  const auto i0 = std::int64_t(std::ceil(lo)), i1 = std::int64_t(std::floor(hi));
  double e = 0;
  int k = 0;
  for (std::int64_t i = std::max<std::int64_t>(0, i0); i <= i1 && i < std::int64_t(a.momentary_lufs.size()); ++i) {
    e += std::pow(10.0, a.momentary_lufs[std::size_t(i)] / 10.0);
    ++k;
  }
  return k ? 10 * std::log10(std::max(e / k, 1e-12)) : std::nan("");
}

/// Quietest momentary loudness window lying inside [t0, t1], LUFS; NaN when none.
double min_loudness(const AudioAnalysis& a, double t0, double t1) {
  if (a.momentary_lufs.empty() || !(a.series_rate_hz > 0)) return std::nan("");
  const double r = a.series_rate_hz;
  const double lo = (t0 + 0.4 - a.start_s) * r - 1, hi = (t1 - a.start_s) * r - 1;
  double m = std::nan("");
  const auto n = std::int64_t(a.momentary_lufs.size());
  for (auto i = std::max<std::int64_t>(0, std::int64_t(std::ceil(lo))); i <= std::int64_t(std::floor(hi)) && i < n; ++i)
    if (!(a.momentary_lufs[std::size_t(i)] >= m)) m = a.momentary_lufs[std::size_t(i)];
  return m;
}

/// Is frame i inside a fade transition the shot stage detected?
bool in_fade(const AssetRecord& r, std::int64_t a, std::int64_t b) {
  for (const auto& t : r.shots.transitions)
    if (t.type == "fade" && t.start_frame <= b && t.end_frame >= a) return true;
  return false;
}

/// Where to insert at candidate boundary f (issue 15): f when it starts or ends a
/// black run; else right after the black frames within +-bw frames (inside the blend
/// of a fade through black, whose detected end may run past the truth's), else the middle of a gradual transition ending just before f
/// (its most blended frame), else f itself (a cut).
std::int64_t insertion_frame(const AssetRecord& r, std::int64_t f, std::int64_t bw, double black_frac) {
  const auto n = std::int64_t(r.series.size());
  if (is_black(r.series, f, black_frac) || is_black(r.series, f - 1, black_frac)) return f;  // at a black run's edge
  for (std::int64_t i = std::max<std::int64_t>(0, f - bw); i < std::min(n, f + bw); ++i) {
    if (!is_black(r.series, i, black_frac)) continue;
    std::int64_t j = i;
    while (j + 1 < n && is_black(r.series, j + 1, black_frac)) ++j;
    return std::min(j + 1, n - 1);
  }
  for (const auto& t : r.shots.transitions)
    if (t.type != "cut" && t.end_frame + 1 >= f - 1 && t.end_frame + 1 <= f && t.end_frame > t.start_frame)
      return (t.start_frame + t.end_frame + 1) / 2;
  return f;
}

/// Mean normalised HSV histogram of frames [a, b) (skipped when empty).
bool mean_hist(const FrameSeries& s, std::int64_t a, std::int64_t b, std::vector<float>& out) {
  out.assign(kernels::kHsvBins, 0.0f);
  if (s.hsv_hist.size() < s.size() * std::size_t(kernels::kHsvBins)) return false;
  a = std::max<std::int64_t>(a, 0);
  b = std::min<std::int64_t>(b, std::int64_t(s.size()));
  if (a >= b) return false;
  for (std::int64_t i = a; i < b; ++i) {
    auto h = s.hist(std::size_t(i));
    for (int j = 0; j < kernels::kHsvBins; ++j) out[std::size_t(j)] += h[std::size_t(j)];
  }
  for (auto& v : out) v /= float(b - a);
  return true;
}

/// Loudness-jump cue: within each run of >= 3 consecutive spot gaps (spot[q]: the
/// gap between sep[q] and sep[q + 1]), a gap whose mean loudness is >= jump_lu below
/// the run's median gap loudness is programme: spot[q] = false.
void mark_quiet_gaps(const AudioAnalysis& a, const std::vector<Slate>& sep, std::vector<bool>& spot, double jump_lu) {
  std::size_t q = 0;
  while (q < spot.size()) {
    if (!spot[q]) {
      ++q;
      continue;
    }
    std::size_t e = q;
    while (e + 1 < spot.size() && spot[e + 1]) ++e;
    if (e - q + 1 >= 3) {
      std::vector<double> lv, sorted;
      for (std::size_t g = q; g <= e; ++g) lv.push_back(mean_loudness(a, sep[g].end_s + 0.5, sep[g + 1].start_s - 0.5));
      for (const double v : lv)
        if (std::isfinite(v)) sorted.push_back(v);
      if (sorted.size() >= 3) {
        std::sort(sorted.begin(), sorted.end());
        const std::size_t m = sorted.size() / 2;
        const double med = sorted.size() % 2 ? sorted[m] : 0.5 * (sorted[m - 1] + sorted[m]);
        for (std::size_t g = q; g <= e; ++g)
          if (std::isfinite(lv[g - q]) && lv[g - q] <= med - jump_lu) spot[g] = false;
      }
    }
    q = e + 1;
  }
}

}  // namespace

BreakLadder break_ladder(double d) {
  const double m = 60.0;
  if (d > 60 * m) return {10 * m, 2 * m};
  if (d > 40 * m) return {8 * m, 2 * m};
  if (d > 20 * m) return {6 * m, 2 * m};
  if (d > 10 * m) return {4 * m, 1 * m};
  return {2 * m, 1 * m};
}

std::vector<Slate> find_black_runs(const AssetRecord& rec, const AdBreakOptions& o) {
  std::vector<Slate> out;
  const Timeline tl(rec);
  if (rec.audio.stream < 0 || rec.audio.samples == 0) return out;  // "silent" needs measured audio
  std::int64_t i = 0;
  while (i < tl.n) {
    if (!is_black(rec.series, i, o.black_fraction)) {
      ++i;
      continue;
    }
    std::int64_t j = i;
    while (j + 1 < tl.n && is_black(rec.series, j + 1, o.black_fraction)) ++j;
    Slate s;
    s.start_frame = i;
    s.end_frame = j;
    s.start_s = tl.time(i);
    s.end_s = tl.time(j) + 1.0 / tl.fps;
    i = j + 1;
    if (s.end_s - s.start_s < o.slate_min_s - 1e-6) continue;
    const double w0 = s.start_s - o.av_tolerance_s, w1 = s.end_s + o.av_tolerance_s;
    for (const auto& q : rec.audio.silences) s.silent_s += overlap(w0, w1, q.start_s, q.end_s);
    s.min_lufs = min_loudness(rec.audio, w0, w1);
    const double before = mean_loudness(rec.audio, w0 - o.quiet_context_s, w0);
    const double after = mean_loudness(rec.audio, w1, w1 + o.quiet_context_s);
    const double side = std::isfinite(before) && std::isfinite(after) ? std::min(before, after)
                        : std::isfinite(before)                      ? before
                                                                     : after;
    s.dip_lu = side - s.min_lufs;
    s.quiet = s.silent_s >= o.slate_min_s - 1e-6 || s.min_lufs <= o.quiet_max_lufs ||
              (s.dip_lu >= o.quiet_dip_lu && !in_fade(rec, s.start_frame, s.end_frame));
    out.push_back(s);
  }
  return out;
}

std::vector<Slate> find_slates(const AssetRecord& rec, const AdBreakOptions& o) {
  auto runs = find_black_runs(rec, o);
  runs.erase(std::remove_if(runs.begin(), runs.end(), [](const Slate& s) { return !s.quiet; }), runs.end());
  return runs;
}

std::vector<CommercialBreak> find_commercial_breaks(const AssetRecord& rec, const std::vector<Slate>& slates,
                                                    const AdBreakOptions& o) {
  std::vector<CommercialBreak> out;
  if (slates.size() < 2) return out;
  const Timeline tl(rec);
  const double max_spot = std::min(o.max_spot_s, o.max_spot_fraction * programme_duration(rec, tl));
  // separators: the quiet slates, plus black-only runs (not quiet, not a fade) between them
  std::vector<Slate> sep = slates;
  for (auto& s : sep) s.quiet = true;
  if (o.black_only_separators)
    for (const auto& s : find_black_runs(rec, o))
      if (!s.quiet && !in_fade(rec, s.start_frame, s.end_frame)) sep.push_back(s);
  std::sort(sep.begin(), sep.end(), [](const Slate& x, const Slate& y) { return x.start_frame < y.start_frame; });
  auto is_spot = [&](std::size_t k) {
    const double gap = sep[k + 1].start_s - sep[k].end_s;
    return gap >= o.min_spot_s && gap <= max_spot;
  };
  std::vector<bool> spot(sep.size() > 0 ? sep.size() - 1 : 0);
  for (std::size_t q = 0; q + 1 < sep.size(); ++q) spot[q] = is_spot(q);
  mark_quiet_gaps(rec.audio, sep, spot, o.spot_jump_lu);
  std::size_t k = 0;
  while (k + 1 < sep.size()) {
    std::size_t last = k;  // the run of spots is sep[k] .. sep[last]
    while (last + 1 < sep.size() && spot[last]) ++last;
    const std::size_t next = std::max(last, k + 1);
    std::size_t a = k, b = last;  // trim both ends to quiet slates
    while (a < b && !sep[a].quiet) ++a;
    while (b > a && !sep[b].quiet) --b;
    // no longer than max_break_s: drop spots from the end (comskip max_commercialbreak)
    while (b > a && sep[b].end_s - sep[a].start_s > o.max_break_s + 1e-9) {
      --b;
      while (b > a && !sep[b].quiet) --b;
    }
    if (b > a) {
      CommercialBreak br;
      br.start_frame = sep[a].start_frame;
      br.end_frame = sep[b].end_frame;
      br.start_s = sep[a].start_s;
      br.end_s = sep[b].end_s;
      for (std::size_t q = a; q <= b; ++q) br.slate_frames.push_back(sep[q].start_frame);
      out.push_back(std::move(br));
    }
    k = next;
  }
  return out;
}

/// Candidate boundaries, frame -> kind (2 scene boundary / commercial break, 1 shot
/// boundary). Every shot boundary is a candidate; choose_insertion_points() takes shot
/// boundaries only for marks no scene boundary serves. Nothing inside a break is a candidate.
static std::map<std::int64_t, int> candidate_boundaries(const AssetRecord& rec,
                                                        const std::vector<CommercialBreak>& breaks,
                                                        std::map<std::int64_t, bool>& is_break) {
  std::map<std::int64_t, int> cand;
  for (std::size_t k = 1; k < rec.shots.shots.size(); ++k) cand[rec.shots.shots[k].start_frame] = 1;
  for (std::size_t k = 1; k < rec.scenes.scenes.size(); ++k) cand[rec.scenes.scenes[k].start_frame] = 2;
  for (const auto& b : breaks) {
    for (auto it = cand.begin(); it != cand.end();)  // nothing is inserted inside an existing break
      it = (it->first > b.start_frame && it->first <= b.end_frame) ? cand.erase(it) : std::next(it);
    cand[b.start_frame] = 2;
    is_break[b.start_frame] = true;
  }
  return cand;
}

std::vector<InsertionPoint> score_candidates(const AssetRecord& rec, const std::vector<CommercialBreak>& breaks,
                                             const AdBreakOptions& o) {
  const Timeline tl(rec);
  std::vector<InsertionPoint> out;
  if (tl.n < 2) return out;

  std::map<std::int64_t, bool> is_break;
  const std::map<std::int64_t, int> cand = candidate_boundaries(rec, breaks, is_break);

  const double wsum = o.w_scene + o.w_black + o.w_fade + o.w_silence + o.w_visual + o.w_loudness;
  const std::int64_t bw = std::max<std::int64_t>(1, tl.frames(o.black_window_s));
  const std::int64_t ctx = std::max<std::int64_t>(1, tl.frames(o.context_s));
  std::vector<float> ha, hb;
  for (const auto& [f, kind] : cand) {
    if (f <= 0 || f >= tl.n) continue;
    InsertionPoint p;
    p.frame = is_break.count(f) ? f : std::clamp<std::int64_t>(insertion_frame(rec, f, bw, o.black_fraction), 1, tl.n - 1);
    p.time_s = tl.time(p.frame);
    double score = kind == 2 ? o.w_scene : o.w_shot;
    if (is_break.count(f)) p.reasons.push_back("commercial_break");
    p.reasons.push_back(kind == 2 && rec.scenes.scenes.size() > 0 ? "scene_boundary"
                        : kind == 2                               ? "slate"
                                                                  : "shot_boundary");
    // black frames at the boundary
    bool black = false;
    for (std::int64_t i = tl.clamp(f - bw); i <= tl.clamp(f + bw - 1) && !black; ++i)
      black = is_black(rec.series, i, o.black_fraction);
    if (black) {
      score += o.w_black;
      p.reasons.push_back("black");
    }
    // a fade: cue or fade transition near the boundary
    bool fade = false;
    for (const auto& c : rec.shots.cues)
      if ((c.type == "fade_out" || c.type == "fade_in") && c.start_frame <= f + bw && c.end_frame >= f - bw)
        fade = true;
    for (const auto& t : rec.shots.transitions)
      if (t.type == "fade" && t.start_frame <= f + bw && t.end_frame >= f - bw) fade = true;
    if (fade) {
      score += o.w_fade;
      p.reasons.push_back("fade");
    }
    // silence across the boundary
    bool silent = false;
    for (const auto& q : rec.audio.silences)
      if (overlap(p.time_s - o.black_window_s, p.time_s + o.black_window_s, q.start_s, q.end_s) > 0) silent = true;
    if (silent) {
      score += o.w_silence;
      p.reasons.push_back("silence");
    }
    // visual dissimilarity: mean histograms of the context either side, skipping the transition zone
    if (mean_hist(rec.series, f - bw - ctx, f - bw, ha) && mean_hist(rec.series, f + bw, f + bw + ctx, hb)) {
      const double v = std::min(1.0, double(kernels::histogram_distance(ha, hb)) / o.visual_full);
      score += o.w_visual * v;
      if (v >= o.reason_min) p.reasons.push_back("visual_change");
    }
    // loudness change across the boundary
    const double la = mean_loudness(rec.audio, p.time_s - o.black_window_s - o.context_s, p.time_s - o.black_window_s);
    const double lb = mean_loudness(rec.audio, p.time_s + o.black_window_s, p.time_s + o.black_window_s + o.context_s);
    if (std::isfinite(la) && std::isfinite(lb)) {
      const double l = std::min(1.0, std::abs(la - lb) / o.loudness_full_lu);
      score += o.w_loudness * l;
      if (l >= o.reason_min) p.reasons.push_back("loudness_change");
    }
    p.score = wsum > 0 ? score / wsum : 0;
    out.push_back(std::move(p));
  }
  return out;
}

namespace {

bool is_shot_only(const InsertionPoint& p) {
  return std::find(p.reasons.begin(), p.reasons.end(), "shot_boundary") != p.reasons.end();
}

/// Fills the unfilled `marks` from `cands` (indices `use`), best (mark, candidate) pair
/// first: the strongest boundaries are placed before weaker ones can block them through
/// the minimum spacing (ties: nearest to the mark, then earlier mark).
void fill_marks(const std::vector<InsertionPoint>& cands, const std::vector<std::size_t>& use,
                const std::vector<double>& marks, double offset_s, double lo_edge, double hi_edge,
                const AdBreakOptions& o, std::vector<bool>& filled, std::vector<InsertionPoint>& out) {
  struct Pair {
    double score, dist;
    std::size_t mark, cand;
  };
  std::vector<Pair> pairs;
  for (std::size_t m = 0; m < marks.size(); ++m)
    for (std::size_t c : use) {
      const double t = cands[c].time_s;
      if (filled[m] || t < std::max(lo_edge, marks[m] - offset_s) || t > std::min(hi_edge, marks[m] + offset_s))
        continue;
      pairs.push_back({cands[c].score, std::abs(t - marks[m]), m, c});
    }
  std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
    if (std::abs(a.score - b.score) > 1e-9) return a.score > b.score;
    if (a.dist != b.dist) return a.dist < b.dist;
    return a.mark < b.mark;
  });
  for (const auto& p : pairs) {
    if (filled[p.mark]) continue;
    const double t = cands[p.cand].time_s;
    const bool clash = std::any_of(out.begin(), out.end(),
                                   [&](const InsertionPoint& q) { return std::abs(q.time_s - t) < o.min_point_gap_s; });
    if (clash) continue;
    out.push_back(cands[p.cand]);
    out.back().mark_s = marks[p.mark];
    filled[p.mark] = true;
  }
}

}  // namespace

std::vector<InsertionPoint> choose_insertion_points(const std::vector<InsertionPoint>& cands, double duration_s,
                                                    double interval_s, double offset_s, const AdBreakOptions& o) {
  std::vector<InsertionPoint> out;
  if (!(interval_s > 0) || cands.empty()) return out;
  offset_s = std::max(0.0, offset_s);
  const double lo_edge = o.edge_margin_s, hi_edge = duration_s - o.edge_margin_s;
  std::vector<double> marks;
  for (int k = 1; double(k) * interval_s < duration_s; ++k) marks.push_back(double(k) * interval_s);
  std::vector<std::size_t> primary, fallback;
  for (std::size_t c = 0; c < cands.size(); ++c) (is_shot_only(cands[c]) ? fallback : primary).push_back(c);
  std::vector<bool> filled(marks.size(), false);
  fill_marks(cands, primary, marks, offset_s, lo_edge, hi_edge, o, filled, out);
  // Marks no scene boundary serves take a shot boundary that looks like one of this
  // programme's scene boundaries: its score at least the median score of the scene
  // boundaries (the programme's own statistics, no fitted constant). Without scene
  // boundaries (scenes off) every shot boundary may serve, as before.
  if (!primary.empty()) {
    std::vector<double> scores;
    for (std::size_t c : primary) scores.push_back(cands[c].score);
    std::nth_element(scores.begin(), scores.begin() + std::ptrdiff_t(scores.size() / 2), scores.end());
    const double floor = scores[scores.size() / 2];
    std::erase_if(fallback, [&](std::size_t c) { return cands[c].score < floor; });
  }
  fill_marks(cands, fallback, marks, offset_s, lo_edge, hi_edge, o, filled, out);
  std::sort(out.begin(), out.end(), [](const InsertionPoint& a, const InsertionPoint& b) { return a.frame < b.frame; });
  return out;
}

AdBreaks analyse_ad_breaks(const AssetRecord& rec, const AdBreakOptions& o) {
  AdBreaks r;
  const Timeline tl(rec);
  if (tl.n == 0) return r;
  const double duration = programme_duration(rec, tl);
  const BreakLadder ladder = break_ladder(duration);
  r.break_interval_s = o.break_interval_s > 0 ? o.break_interval_s : ladder.interval_s;
  r.break_offset_s = o.break_offset_s >= 0    ? o.break_offset_s
                     : o.break_interval_s > 0 ? std::min(ladder.offset_s, 0.2 * o.break_interval_s)
                                              : ladder.offset_s;
  const auto slates = find_slates(rec, o);
  r.commercial_breaks = find_commercial_breaks(rec, slates, o);
  const auto cands = score_candidates(rec, r.commercial_breaks, o);
  r.insertion_points = choose_insertion_points(cands, duration, r.break_interval_s, r.break_offset_s, o);
  return r;
}

}  // namespace reelscale::adbreaks
