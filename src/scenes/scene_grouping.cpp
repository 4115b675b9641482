#include "scenes/scene_grouping.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "record/timeline.hpp"
#include "reelscale/kernels/embedding.hpp"

namespace reelscale::scenes {
namespace {

namespace k = reelscale::kernels;

/// Index of the candidate nearest to `frame` within [lo, hi], or -1.
std::ptrdiff_t nearest_candidate(const FrameCandidates& c, std::int64_t frame, std::int64_t lo, std::int64_t hi) {
  auto it = std::lower_bound(c.frames.begin(), c.frames.end(), frame,
                             [](const Candidate& a, std::int64_t f) { return a.frame < f; });
  std::ptrdiff_t best = -1;
  std::int64_t best_d = std::numeric_limits<std::int64_t>::max();
  auto consider = [&](std::vector<Candidate>::const_iterator i) {
    if (i < c.frames.begin() || i >= c.frames.end()) return;
    if (i->frame < lo || i->frame > hi) return;
    const std::int64_t d = std::llabs(i->frame - frame);
    if (d < best_d) best_d = d, best = i - c.frames.begin();
  };
  consider(it);
  if (it != c.frames.begin()) consider(it - 1);
  return best;
}

void add_into(std::vector<float>& acc, const float* v, int dim) {
  if (acc.empty()) acc.assign(std::size_t(dim), 0.0f);
  for (int j = 0; j < dim; ++j) acc[std::size_t(j)] += v[j];
}

/// Normalised mean of a span's shot vectors (empty when none has a vector).
std::vector<float> span_vector(const std::vector<GroupingShot>& shots, const ShotSpan& s) {
  std::vector<float> acc;
  for (int i = s.first; i <= s.last; ++i) {
    const auto& v = shots[std::size_t(i)].vec;
    if (v.empty()) continue;
    // Weight by duration so a scene's vector follows what is on screen.
    const float w = float(std::max(1e-3, shots[std::size_t(i)].end_s - shots[std::size_t(i)].start_s));
    if (acc.empty()) acc.assign(v.size(), 0.0f);
    for (std::size_t j = 0; j < v.size(); ++j) acc[j] += w * v[j];
  }
  if (!acc.empty()) k::l2_normalise(acc);
  return acc;
}

/// Highest cosine between vector `v` and any shot vector of span `s` (-2 when
/// either has none): single linkage, as the STG links shot to shot.
float best_link(const std::vector<GroupingShot>& shots, const std::vector<float>& v, const ShotSpan& s) {
  float best = -2.0f;
  if (v.empty()) return best;
  for (int i = s.first; i <= s.last; ++i) {
    const auto& u = shots[std::size_t(i)].vec;
    if (!u.empty()) best = std::max(best, k::dot(v, u));
  }
  return best;
}

bool span_black(const std::vector<GroupingShot>& shots, const ShotSpan& s) {
  for (int i = s.first; i <= s.last; ++i)
    if (!shots[std::size_t(i)].black) return false;
  return true;
}

}  // namespace

namespace {

/// Scene Transition Graph scan (Yeung & Yeo 1996): a scene runs from shot s to the
/// furthest shot linked (cosine >= threshold, within the window, no hard break in
/// between; or the audio-continuity link to the next shot) to any shot already in it.
std::vector<ShotSpan> stg_scan(const std::vector<GroupingShot>& shots, const SceneOptions& o) {
  std::vector<ShotSpan> spans;
  const int n = int(shots.size());
  int i = 0;
  while (i < n) {
    const int s = i;
    int furthest = i;
    for (int p = s; p <= furthest; ++p) {
      // Audio-continuity link to the next shot.
      if (p + 1 < n && p + 1 > furthest && shots[std::size_t(p + 1)].audio_link_before &&
          !shots[std::size_t(p + 1)].break_before)
        furthest = p + 1;
      const auto& vp = shots[std::size_t(p)].vec;
      if (vp.empty()) continue;
      for (int q = p + 1; q < n; ++q) {
        const auto& sq = shots[std::size_t(q)];
        if (sq.break_before) break;
        if (sq.start_s - shots[std::size_t(p)].end_s > o.window_s) break;
        if (sq.vec.empty() || q <= furthest) continue;
        if (k::dot(vp, sq.vec) >= o.link_threshold) furthest = q;
      }
    }
    spans.push_back({s, furthest});
    i = furthest + 1;
  }
  return spans;
}

/// The neighbour span `w` merges into: black spans into the one before, others into the
/// neighbour holding the most similar shot, avoiding a side with a hard break.
std::size_t merge_target(const std::vector<GroupingShot>& shots, const std::vector<ShotSpan>& spans, std::size_t w,
                         bool hb_prev, bool hb_next) {
  if (span_black(shots, spans[w])) return w > 0 ? w - 1 : 1;
  if (w == 0) return 1;
  if (w + 1 == spans.size()) return w - 1;
  const auto v = span_vector(shots, spans[w]);
  float sp = best_link(shots, v, spans[w - 1]);
  float sn = best_link(shots, v, spans[w + 1]);
  if (hb_prev && !hb_next) sp -= 10.0f;  // prefer the side without a hard break
  if (hb_next && !hb_prev) sn -= 10.0f;
  return sn > sp ? w + 1 : w - 1;
}

/// Merges scenes shorter than min_scene_s (and isolated single shots) into a neighbour.
void merge_short_scenes(const std::vector<GroupingShot>& shots, std::vector<ShotSpan>& spans, const SceneOptions& o) {
  // 2. Scenes shorter than min_scene_s merge into a neighbour: black ones into
  //    the scene before (a slate ends the scene it follows), others into the
  //    neighbour holding the most similar shot, shortest first. A scene made of a single
  //    non-black shot shorter than min_isolated_shot_s (an isolated insert the
  //    STG could not link) merges the same way, but never across a hard break.
  auto duration = [&](const ShotSpan& sp) {
    return shots[std::size_t(sp.last)].end_s - shots[std::size_t(sp.first)].start_s;
  };
  auto isolated = [&](const ShotSpan& sp) {
    int nonblack = 0;
    for (int j = sp.first; j <= sp.last; ++j) nonblack += shots[std::size_t(j)].black ? 0 : 1;
    return nonblack == 1 && duration(sp) < o.min_isolated_shot_s;
  };
  std::vector<bool> kept(spans.size(), false);  // isolated spans that may not merge
  while (spans.size() > 1) {
    std::ptrdiff_t worst = -1;
    for (std::size_t j = 0; j < spans.size(); ++j) {
      const double d = duration(spans[j]);
      const bool too_short = d < o.min_scene_s;
      if (!too_short && (kept[j] || !isolated(spans[j]))) continue;
      if (worst < 0) {
        worst = std::ptrdiff_t(j);
        continue;
      }
      const double dw = duration(spans[std::size_t(worst)]);
      const bool ws = dw < o.min_scene_s;
      if ((too_short && !ws) || (too_short == ws && d < dw)) worst = std::ptrdiff_t(j);
    }
    if (worst < 0) break;
    const std::size_t w = std::size_t(worst);
    const bool hb_prev = w > 0 && shots[std::size_t(spans[w].first)].break_before;
    const bool hb_next = w + 1 < spans.size() && shots[std::size_t(spans[w + 1].first)].break_before;
    const std::size_t into = merge_target(shots, spans, w, hb_prev, hb_next);
    if (duration(spans[w]) >= o.min_scene_s && ((into < w && hb_prev) || (into > w && hb_next))) {
      kept[w] = true;  // an isolated shot never merges across a slate or fade
      continue;
    }
    const std::size_t a = std::min(w, into), b = std::max(w, into);
    spans[a].last = spans[b].last;
    kept[a] = false;
    spans.erase(spans.begin() + std::ptrdiff_t(b));
    kept.erase(kept.begin() + std::ptrdiff_t(b));
  }
}

}  // namespace

std::vector<ShotSpan> group_shots(const std::vector<GroupingShot>& shots, const SceneOptions& o) {
  std::vector<ShotSpan> spans = stg_scan(shots, o);
  merge_short_scenes(shots, spans, o);
  return spans;
}

std::vector<double> audio_cut_distances(const std::vector<GroupingShot>& shots, const AudioAnalysis& a,
                                        const SceneOptions& o) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> out(shots.size(), nan);
  const int B = a.bands;
  if (B <= 0 || !(a.band_hop_s > 0) || a.band_db.empty()) return out;
  const std::int64_t rows = std::int64_t(a.band_db.size() / std::size_t(B));
  const double h = a.band_hop_s, span = o.audio_link_span_s;
  // Mean spectrum of the rows lying wholly inside [t0, t1); false when none.
  auto mean_rows = [&](double t0, double t1, std::vector<double>& m) {
    const std::int64_t r0 = std::max<std::int64_t>(0, std::int64_t(std::ceil((t0 - a.start_s) / h - 1e-9)));
    const std::int64_t r1 = std::min<std::int64_t>(rows, std::int64_t(std::floor((t1 - a.start_s) / h + 1e-9)));
    if (r1 <= r0) return false;
    m.assign(std::size_t(B), 0.0);
    for (std::int64_t r = r0; r < r1; ++r)
      for (int b = 0; b < B; ++b) m[std::size_t(b)] += a.band_db[std::size_t(r * B + b)];
    for (auto& x : m) x /= double(r1 - r0);
    return true;
  };
  // Every momentary loudness window (400 ms) lying wholly inside [t0, t1) is loud enough.
  const double win = 0.4, rate = a.series_rate_hz;
  auto loud = [&](double t0, double t1) {
    if (!(rate > 0) || a.momentary_lufs.empty()) return false;
    int seen = 0;
    for (std::size_t i = 0; i < a.momentary_lufs.size(); ++i) {
      const double end = a.start_s + double(i + 1) / rate;
      if (end - win < t0 - 1e-9 || end > t1 + 1e-9) continue;
      ++seen;
      if (a.momentary_lufs[i] < o.audio_link_min_lufs) return false;
    }
    return seen > 0;
  };
  std::vector<double> before, after;
  for (std::size_t j = 1; j < shots.size(); ++j) {
    const double t = shots[j].start_s;
    if (!mean_rows(t - span, t, before) || !mean_rows(t, t + span, after)) continue;
    if (!loud(t - span, t) || !loud(t, t + span)) continue;
    double d = 0;
    for (int b = 0; b < B; ++b) d += std::abs(before[std::size_t(b)] - after[std::size_t(b)]);
    out[j] = d / B;
  }
  return out;
}

void mark_audio_links(std::vector<GroupingShot>& shots, const AudioAnalysis& audio, const SceneOptions& o) {
  if (!o.audio_link) return;
  const auto d = audio_cut_distances(shots, audio, o);
  for (std::size_t j = 1; j < shots.size(); ++j)
    shots[j].audio_link_before = !shots[j].break_before && d[j] <= o.audio_link_max_db;  // NaN: false
}

namespace {

using FrameRun = std::pair<std::int64_t, std::int64_t>;

/// Runs of black frames (inclusive) at least `min_black` frames long: slates, fade holds.
template <class IsBlack>
std::vector<FrameRun> black_runs(std::int64_t n, std::int64_t min_black, IsBlack is_black) {
  std::vector<FrameRun> runs;
  for (std::int64_t f = 0; f < n;) {
    if (!is_black(f)) {
      ++f;
      continue;
    }
    std::int64_t g = f;
    while (g + 1 < n && is_black(g + 1)) ++g;
    if (g - f + 1 >= min_black) runs.push_back({f, g});
    f = g + 1;
  }
  return runs;
}

/// Shot starts: the detector's (or one shot when it produced none), split at black-run
/// edges; *hard gets the frames before which a hard break lies (run edges, fades).
std::vector<std::int64_t> shot_starts(const ShotAnalysis& sa, const std::vector<FrameRun>& runs, std::int64_t n,
                                      std::vector<std::int64_t>* hard) {
  std::vector<std::int64_t> starts;
  for (const auto& s : sa.shots) starts.push_back(s.start_frame);
  if (starts.empty()) starts.push_back(0);
  for (const auto& r : runs) {
    starts.push_back(r.first);
    if (r.second + 1 < n) starts.push_back(r.second + 1);
    hard->push_back(r.first);
    hard->push_back(r.second + 1);
  }
  for (const auto& t : sa.transitions) {
    if (t.type != "fade") continue;
    // The shot boundary the detector put inside the fade (its middle).
    hard->push_back((t.start_frame + t.end_frame) / 2 + 1);
    hard->push_back(t.start_frame);
    hard->push_back(t.end_frame + 1);
  }
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  starts.erase(std::remove_if(starts.begin(), starts.end(), [&](std::int64_t f) { return f < 0 || f >= n; }),
               starts.end());
  if (starts.empty() || starts.front() != 0) starts.insert(starts.begin(), 0);
  return starts;
}

/// The shot's vector: the normalised sum of its selected frames' nearest candidates,
/// else of every candidate inside it; empty when none.
std::vector<float> shot_vector(const FrameCandidates& cand, const std::vector<std::int64_t>& selected,
                               const GroupingShot& g) {
  const int dim = cand.dim;
  std::vector<float> acc;
  auto lo = std::lower_bound(selected.begin(), selected.end(), g.start_frame);
  for (auto it = lo; it != selected.end() && *it <= g.end_frame; ++it) {
    const std::ptrdiff_t c = nearest_candidate(cand, *it, g.start_frame, g.end_frame);
    if (c >= 0) add_into(acc, cand.embedding(std::size_t(c)), dim);
  }
  if (acc.empty()) {
    for (std::size_t c = 0; c < cand.frames.size(); ++c)
      if (cand.frames[c].frame >= g.start_frame && cand.frames[c].frame <= g.end_frame)
        add_into(acc, cand.embedding(c), dim);
  }
  if (!acc.empty() && k::l2_normalise(acc) > 0) return acc;
  return {};
}

}  // namespace

std::vector<GroupingShot> prepare_shots(const FrameSeries& series, const ShotAnalysis& sa, double fps,
                                        const FrameCandidates& cand, const SceneOptions& o) {
  std::vector<GroupingShot> out;
  const std::int64_t n = std::int64_t(series.size());
  if (n == 0) return out;
  fps = record::timeline::effective_fps(fps);
  auto pts = [&](std::int64_t f) {
    if (f >= 0 && f < n && std::isfinite(series.pts_s[std::size_t(f)])) return series.pts_s[std::size_t(f)];
    return double(f) / fps;
  };
  auto is_black = [&](std::int64_t f) {
    return f >= 0 && record::is_black_frame(series, std::size_t(f), o.black_fraction);
  };
  // Black runs long enough to be slates or fade holds.
  const std::int64_t min_black = std::max<std::int64_t>(1, std::llround(o.black_min_s * fps));
  const auto runs = black_runs(n, min_black, is_black);
  std::vector<std::int64_t> hard;  // frames before which a hard break lies
  const auto starts = shot_starts(sa, runs, n, &hard);

  // Selected frames, sorted.
  std::vector<std::int64_t> selected;
  for (const auto& sf : sa.selected_frames) selected.push_back(sf.frame);
  std::sort(selected.begin(), selected.end());

  const int dim = cand.dim;
  for (std::size_t j = 0; j < starts.size(); ++j) {
    GroupingShot g;
    g.start_frame = starts[j];
    g.end_frame = j + 1 < starts.size() ? starts[j + 1] - 1 : n - 1;
    g.start_s = pts(g.start_frame);
    g.end_s = pts(g.end_frame) + 1.0 / fps;
    std::int64_t nb = 0;
    for (std::int64_t f = g.start_frame; f <= g.end_frame; ++f) nb += is_black(f) ? 1 : 0;
    g.black = double(nb) >= o.black_shot_fraction * double(g.end_frame - g.start_frame + 1);
    if (j > 0) {
      for (std::int64_t h : hard) {
        // A hard break at a frame inside the gap region: the boundary lies
        // within a few frames of it (fade middles, run edges).
        if (h == g.start_frame) g.break_before = true;
      }
      if (g.black || out.back().black) g.break_before = true;
      for (const auto& t : sa.transitions)
        if (t.type == "fade" && t.start_frame <= g.start_frame && g.start_frame <= t.end_frame + 1)
          g.break_before = true;
    }
    if (!g.black && dim > 0) g.vec = shot_vector(cand, selected, g);
    out.push_back(std::move(g));
  }
  return out;
}

namespace {

/// Per-selected-frame embeddings (the nearest candidate in the same shot stands in):
/// fills out.embedded_frames / frame_embeddings.
void embed_selected(const ShotAnalysis& sa, const FrameCandidates& cand, std::int64_t n,
                    const std::vector<std::int64_t>& selected, SceneAnalysis& out) {
  const int dim = cand.dim;
  for (std::int64_t f : selected) {
    std::int64_t lo = 0, hi = n - 1;
    for (const auto& s : sa.shots)
      if (s.start_frame <= f && f <= s.end_frame) lo = s.start_frame, hi = s.end_frame;
    const std::ptrdiff_t c = nearest_candidate(cand, f, lo, hi);
    if (c < 0) continue;
    out.embedded_frames.push_back(f);
    const float* v = cand.embedding(std::size_t(c));
    out.frame_embeddings.insert(out.frame_embeddings.end(), v, v + dim);
  }
}

/// Adds the sampler's other candidates, in frame order (a denser frame index for query
/// by image: within a shot the nearest stored frame is then a few frames away).
/// Returns, per embedded row, whether it is a selected frame.
std::vector<bool> add_candidate_rows(const FrameCandidates& cand, const std::vector<std::int64_t>& selected,
                                     SceneAnalysis& out) {
  const int dim = cand.dim;
  std::vector<std::pair<std::int64_t, std::ptrdiff_t>> rows;  // frame, candidate (-1 = selected row)
  for (std::size_t i = 0; i < out.embedded_frames.size(); ++i)
    rows.push_back({out.embedded_frames[i], -1 - std::ptrdiff_t(i)});
  for (std::size_t c = 0; c < cand.frames.size(); ++c)
    if (!std::binary_search(selected.begin(), selected.end(), cand.frames[c].frame))
      rows.push_back({cand.frames[c].frame, std::ptrdiff_t(c)});
  std::sort(rows.begin(), rows.end());
  std::vector<std::int64_t> frames;
  std::vector<float> emb;
  std::vector<bool> sel;
  for (const auto& [f, src] : rows) {
    const float* v = src >= 0 ? cand.embedding(std::size_t(src))
                              : out.frame_embeddings.data() + std::size_t(-1 - src) * std::size_t(dim);
    frames.push_back(f);
    emb.insert(emb.end(), v, v + dim);
    sel.push_back(src < 0);
  }
  out.embedded_frames = std::move(frames);
  out.frame_embeddings = std::move(emb);
  return sel;
}

/// Keyframe of scene `sc`: the sharpest kept-pixel frame of the scene, preferring
/// selected frames (its JPEG moves to out.keyframe_jpeg); else the sharpest selected
/// embedded frame (`sharpest_sel`), else the middle frame (no JPEG).
void pick_keyframe(FrameCandidates& cand, const std::vector<std::int64_t>& selected, std::ptrdiff_t sharpest_sel,
                   Scene& sc, SceneAnalysis& out) {
  std::ptrdiff_t best = -1;
  bool best_sel = false;
  for (std::size_t i = 0; i < cand.keyframes.size(); ++i) {
    const auto& kf = cand.keyframes[i];
    if (kf.frame < sc.start_frame || kf.frame > sc.end_frame || kf.jpeg.empty()) continue;
    const bool sel = std::binary_search(selected.begin(), selected.end(), kf.frame);
    if (best < 0 || (sel && !best_sel) ||
        (sel == best_sel && kf.laplacian_var > cand.keyframes[std::size_t(best)].laplacian_var)) {
      best = std::ptrdiff_t(i);
      best_sel = sel;
    }
  }
  if (best >= 0) {
    sc.keyframe = cand.keyframes[std::size_t(best)].frame;
    out.keyframe_jpeg.push_back(std::move(cand.keyframes[std::size_t(best)].jpeg));
  } else {
    sc.keyframe =
        sharpest_sel >= 0 ? out.embedded_frames[std::size_t(sharpest_sel)] : (sc.start_frame + sc.end_frame) / 2;
    out.keyframe_jpeg.emplace_back();
  }
}

}  // namespace

SceneAnalysis analyse_scenes(const FrameSeries& series, const ShotAnalysis& sa, double fps, FrameCandidates cand,
                             const SceneOptions& o, const AudioAnalysis* audio) {
  SceneAnalysis out;
  const std::int64_t n = std::int64_t(series.size());
  if (n == 0) return out;
  fps = record::timeline::effective_fps(fps);
  const int dim = cand.dim;
  out.embedding_dim = dim;
  auto shots = prepare_shots(series, sa, fps, cand, o);
  if (audio) mark_audio_links(shots, *audio, o);
  const auto spans = group_shots(shots, o);

  auto detector_shot = [&](std::int64_t f) {
    for (std::size_t i = 0; i < sa.shots.size(); ++i)
      if (sa.shots[i].start_frame <= f && f <= sa.shots[i].end_frame) return int(i);
    return 0;
  };
  // Per-selected-frame embeddings (nearest candidate in the same shot stands in).
  std::vector<std::int64_t> selected;
  for (const auto& sf : sa.selected_frames) selected.push_back(sf.frame);
  std::sort(selected.begin(), selected.end());
  selected.erase(std::unique(selected.begin(), selected.end()), selected.end());
  embed_selected(sa, cand, n, selected, out);
  std::vector<bool> is_sel(out.embedded_frames.size(), true);
  if (o.store_candidates) is_sel = add_candidate_rows(cand, selected, out);
  std::vector<float> lap_of(out.embedded_frames.size(), 0.0f);
  for (std::size_t i = 0; i < out.embedded_frames.size(); ++i) {
    const auto f = std::size_t(out.embedded_frames[i]);
    lap_of[i] = f < series.laplacian_var.size() ? series.laplacian_var[f] : 0.0f;
  }

  for (const auto& sp : spans) {
    Scene sc;
    sc.start_frame = shots[std::size_t(sp.first)].start_frame;
    sc.end_frame = shots[std::size_t(sp.last)].end_frame;
    sc.start_s = shots[std::size_t(sp.first)].start_s;
    sc.end_s = shots[std::size_t(sp.last)].end_s;
    sc.first_shot = detector_shot(sc.start_frame);
    sc.last_shot = detector_shot(sc.end_frame);

    // Scene vector: normalised mean of its selected-frame embeddings, else of its shot vectors.
    std::vector<float> acc;
    std::ptrdiff_t sharpest_sel = -1;
    for (std::size_t i = 0; i < out.embedded_frames.size(); ++i) {
      const std::int64_t f = out.embedded_frames[i];
      if (f < sc.start_frame || f > sc.end_frame || !is_sel[i]) continue;
      add_into(acc, out.frame_embeddings.data() + i * std::size_t(dim), dim);
      if (sharpest_sel < 0 || lap_of[i] > lap_of[std::size_t(sharpest_sel)]) sharpest_sel = std::ptrdiff_t(i);
    }
    if (acc.empty()) acc = span_vector(shots, sp);
    if (acc.empty()) acc.assign(std::size_t(dim), 0.0f);
    k::l2_normalise(acc);
    out.scene_embeddings.insert(out.scene_embeddings.end(), acc.begin(), acc.end());

    pick_keyframe(cand, selected, sharpest_sel, sc, out);
    out.scenes.push_back(sc);
  }
  return out;
}

}  // namespace reelscale::scenes
