#include "shots/cut_detector.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "shots/signals.hpp"

namespace reelscale::shots {
namespace {

using I = std::ptrdiff_t;
constexpr int kIso = 2;  // isolation half-width (frames): a cut is a single-frame spike

void require(bool ok, const char* name, const std::string& range) {
  if (!ok) throw std::invalid_argument(std::string("CutOptions::") + name + " must be " + range);
}

/// The picture must jump too, not only the colour histogram: a histogram distance
/// alone also spikes when a smooth luma ramp (a dissolve or a lighting change over
/// flat colour) carries a large mass across a bin edge. *iso_struct gets the
/// thumbnail distance over its largest neighbour within kIso frames.
bool picture_jumps(const FrameSeries& s, const FrameDistances& D, I i, float xi, const CutOptions& o,
                   float* iso_struct) {
  const I n = I(D.size());
  float ts = D.thumb(std::size_t(i - 1), std::size_t(i)), tr = D.thumb_raw(std::size_t(i - 1), std::size_t(i));
  float ns = 0, nr = 0;
  for (I j = std::max<I>(1, i - kIso); j <= std::min<I>(n - 1, i + kIso); ++j)
    if (j != i) {
      ns = std::max(ns, D.thumb(std::size_t(j - 1), std::size_t(j)));
      nr = std::max(nr, D.thumb_raw(std::size_t(j - 1), std::size_t(j)));
    }
  *iso_struct = std::max(ts / std::max(ns, 2e-3f), tr / std::max(nr, 2e-3f));
  // A cut replaces the picture: a good part of the thumbnail changes.
  // Damaged streams (a smear of corrupt macroblocks until the next key
  // frame) and local motion change only a region.
  auto A = s.thumbnail(std::size_t(i - 1)), B = s.thumbnail(std::size_t(i));
  int changed = 0;
  for (std::size_t p = 0; p < A.size(); ++p) changed += std::abs(int(A[p]) - int(B[p])) > 16;
  const float extent = float(changed) / float(A.size());
  if (extent < o.cut_min_changed_fraction) {
    if (shots_debug()) std::fprintf(stderr, "cut? %td x=%.3f rejected extent=%.2f\n", i, xi, extent);
    return false;
  }
  if (*iso_struct < o.cut_struct_ratio) {
    if (shots_debug()) std::fprintf(stderr, "cut? %td x=%.3f rejected iso_struct=%.2f\n", i, xi, *iso_struct);
    return false;
  }
  return true;
}

}  // namespace

void CutOptions::validate() const {
  require(cut_window_s > 0 && cut_window_s <= 60, "cut_window_s", "in (0, 60] s");
  require(cut_ratio >= 1, "cut_ratio", ">= 1");
  require(cut_mad_k >= 0, "cut_mad_k", ">= 0");
  require(cut_min_distance >= 0 && cut_min_distance <= 1, "cut_min_distance", "in [0, 1]");
  require(cut_peak_ratio >= 1, "cut_peak_ratio", ">= 1");
  require(cut_struct_ratio >= 0, "cut_struct_ratio", ">= 0");
  require(cut_min_changed_fraction >= 0 && cut_min_changed_fraction <= 1, "cut_min_changed_fraction", "in [0, 1]");
  require(flash_frames >= 0 && flash_frames <= 100, "flash_frames", "in [0, 100]");
  require(flash_similarity >= 0 && flash_similarity <= 1, "flash_similarity", "in [0, 1]");
}

std::vector<Transition> detect_cuts(const FrameSeries& s, double fps, const CutOptions& o) {
  o.validate();
  std::vector<Transition> cuts;
  FrameDistances D(s);
  const I n = I(D.size());
  if (n < 2) return cuts;
  const auto x = adjacent(D);
  const int W = to_frames(o.cut_window_s, fps, 2);
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
    if (D.has_thumb() && !picture_jumps(s, D, i, xi, o, &iso_struct)) continue;
    bool flash = false;
    for (int k = 1; k <= o.flash_frames && i + k < n; ++k)
      if (D.combined(std::size_t(i - 1), std::size_t(i + k)) < o.flash_similarity * xi) flash = true;
    if (shots_debug())
      std::fprintf(stderr, "cut? %td x=%.3f nb=%.3f med=%.3f mad=%.3f iso_struct=%.2f flash=%d\n", i, xi, nb, st.median,
                   st.mad, iso_struct, int(flash));
    if (flash) continue;
    Transition t;
    t.type = "cut";
    t.start_frame = t.end_frame = i;
    t.score = xi / med;
    cuts.push_back(t);
  }
  return cuts;
}

}  // namespace reelscale::shots
