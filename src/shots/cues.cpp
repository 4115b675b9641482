#include "shots/cues.hpp"

#include <algorithm>
#include <cmath>

#include "shots/boundaries.hpp"
#include "shots/signals.hpp"

namespace reelscale::shots {

bool is_black_frame(const FrameSeries& s, std::size_t i, const ShotOptions& o) {
  return record::is_black_frame(s, i, o.black_fraction);
}

bool is_colour_bars_frame(const FrameSeries& s, std::size_t i, const ShotOptions& o) {
  using namespace kernels;
  if (s.hsv_hist.size() < (i + 1) * std::size_t(kHsvBins)) return false;
  if (s.thumb.size() < (i + 1) * std::size_t(kThumbSide * kThumbSide)) return false;
  const auto h = s.hist(i);
  // Hue spread among saturated, bright pixels.
  float mass = 0;
  float hue_mass[kHueBins] = {};
  for (int hb = 0; hb < kHueBins; ++hb)
    for (int sb = 0; sb < kSatBins; ++sb)
      for (int vb = 0; vb < kValBins; ++vb) {
        const float m = h[std::size_t((hb * kSatBins + sb) * kValBins + vb)];
        mass += m;
        if (sb >= 2 && vb >= 2) hue_mass[hb] += m;
      }
  if (mass <= 0) return false;
  // Bars are 75 % saturated primaries plus white/grey bars: count saturated mass only.
  float sat_mass = 0;
  int hues = 0;
  for (float m : hue_mass) {
    sat_mass += m;
    if (m >= 0.04f * mass) ++hues;
  }
  if (sat_mass < float(o.bars_min_saturated_fraction) * mass || hues < o.bars_min_hues) return false;
  // Vertical stripes: over the top 60 % of the thumbnail (the main bars of SMPTE
  // RP 219 / EIA-189 occupy the top two thirds; EBU bars the whole height) columns
  // are constant while neighbouring columns differ.
  const auto t = s.thumbnail(i);
  const int rows = kThumbSide * 6 / 10;
  double vert = 0, horiz = 0;
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < kThumbSide; ++x) {
      const int v = t[std::size_t(y * kThumbSide + x)];
      if (y + 1 < rows) vert += std::abs(v - int(t[std::size_t((y + 1) * kThumbSide + x)]));
      if (x + 1 < kThumbSide) horiz += std::abs(v - int(t[std::size_t(y * kThumbSide + x + 1)]));
    }
  vert /= double((rows - 1) * kThumbSide);
  horiz /= double(rows * (kThumbSide - 1));
  if (horiz < 4.0 || vert > o.bars_max_vertical_ratio * horiz) return false;
  // Bars are ordered by decreasing luminance, left to right (white/grey, yellow,
  // cyan, green, magenta, red, blue; SMPTE EG 1, EBU Tech 3325): the column means
  // must fall (almost) monotonically over a wide range.
  float col[kThumbSide];
  for (int x = 0; x < kThumbSide; ++x) {
    int sum = 0;
    for (int y = 0; y < rows; ++y) sum += t[std::size_t(y * kThumbSide + x)];
    col[x] = float(sum) / float(rows);
  }
  // HD bars (SMPTE RP 219) have 40 % grey pillars on 1/8 of each side: skip two columns.
  constexpr int x0 = 2, x1 = kThumbSide - 3;
  int rises = 0;
  for (int x = x0; x < x1; ++x)
    if (col[x + 1] > col[x] + 4.f) ++rises;
  return rises <= 1 && col[x0] - col[x1] >= o.bars_min_luma_drop;
}

std::vector<Cue> detect_cues(const FrameSeries& s, double fps, const ShotOptions& o) {
  std::vector<Cue> cues;
  const std::size_t n = s.size();
  auto runs = [&](auto pred, int min_len, const char* type) {
    std::size_t i = 0;
    while (i < n) {
      if (!pred(i)) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j + 1 < n && pred(j + 1)) ++j;
      if (int(j - i + 1) >= min_len) cues.push_back({type, std::int64_t(i), std::int64_t(j)});
      i = j + 1;
    }
  };
  runs([&](std::size_t i) { return is_black_frame(s, i, o); }, to_frames(o.black_min_s, fps), "black");
  runs([&](std::size_t i) { return is_colour_bars_frame(s, i, o); }, to_frames(o.bars_min_s, fps), "colour_bars");
  // Fades: the luma ramps found by the fade detector, split into out and in.
  for (const auto& f : detect_fades(s, fps, o, o.black_fraction, o.grad_max_s)) {
    // Find the darkest frame inside: ramps meet there.
    std::int64_t lo = f.start_frame, hi = f.end_frame, dark = lo;
    for (std::int64_t k = lo; k <= hi && std::size_t(k) < s.mean_luma.size(); ++k)
      if (s.mean_luma[std::size_t(k)] < s.mean_luma[std::size_t(dark)]) dark = k;
    // first and last dark frames (fades through white give no black cues)
    std::int64_t d0 = dark, d1 = dark;
    const float thr = float(o.fade_black_luma);
    if (s.mean_luma[std::size_t(dark)] > thr) continue;
    while (d0 - 1 >= lo && s.mean_luma[std::size_t(d0 - 1)] <= thr) --d0;
    while (d1 + 1 <= hi && s.mean_luma[std::size_t(d1 + 1)] <= thr) ++d1;
    if (d0 > lo) cues.push_back({"fade_out", lo, d0});
    if (d1 < hi) cues.push_back({"fade_in", d1, hi});
  }
  std::sort(cues.begin(), cues.end(), [](const Cue& a, const Cue& b) {
    return a.start_frame != b.start_frame ? a.start_frame < b.start_frame : a.type < b.type;
  });
  return cues;
}

}  // namespace reelscale::shots
