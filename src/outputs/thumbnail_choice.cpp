#include "outputs/thumbnail_choice.hpp"

#include <algorithm>
#include <cmath>

#include "shots/cues.hpp"

namespace reelscale::outputs {

namespace {
struct Span {
  std::int64_t start = 0, end = 0;  // inclusive frames
  int scene = 0;
};

std::vector<Span> scene_spans(const AssetRecord& rec) {
  std::vector<Span> spans;
  const auto n = std::int64_t(rec.series.size());
  for (std::size_t i = 0; i < rec.scenes.scenes.size(); ++i)
    spans.push_back({rec.scenes.scenes[i].start_frame, rec.scenes.scenes[i].end_frame, int(i)});
  if (spans.empty())
    for (std::size_t i = 0; i < rec.shots.shots.size(); ++i)
      spans.push_back({rec.shots.shots[i].start_frame, rec.shots.shots[i].end_frame, int(i)});
  if (spans.empty() && n > 0) spans.push_back({0, n - 1, 0});
  for (auto& s : spans) s.start = std::clamp<std::int64_t>(s.start, 0, n - 1), s.end = std::clamp<std::int64_t>(s.end, 0, n - 1);
  return spans;
}

/// Slots per span: one each, the rest by largest remainder of length share.
std::vector<int> allot(const std::vector<Span>& spans, int count) {
  std::vector<int> k(spans.size(), 1);
  const int extra = count - int(spans.size());
  if (extra <= 0) return k;
  double total = 0;
  for (const auto& s : spans) total += double(s.end - s.start + 1);
  std::vector<std::pair<double, std::size_t>> rem;
  int given = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const double share = extra * double(spans[i].end - spans[i].start + 1) / total;
    k[i] += int(share);
    given += int(share);
    rem.emplace_back(share - std::floor(share), i);
  }
  std::sort(rem.rbegin(), rem.rend());
  for (int j = 0; j < extra - given && j < int(rem.size()); ++j) ++k[rem[std::size_t(j)].second];
  return k;
}
}  // namespace

namespace {
ThumbnailChoice pick(const AssetRecord& rec, const std::vector<Span>& spans, const std::vector<int>& slots,
                     bool letterboxed);
}  // namespace

bool eligible_thumbnail_frame(const AssetRecord& rec, std::size_t i, bool letterboxed) {
  static const shots::ShotOptions o;
  if (i >= rec.series.size()) return false;
  if (shots::is_black_frame(rec.series, i, o) || shots::is_colour_bars_frame(rec.series, i, o)) return false;
  if (!letterboxed && rec.series.black_fraction[i] >= 0.5f) return false;  // mostly dark, even if not "black"
  const float luma = rec.series.mean_luma[i];
  if (luma < 20 || luma > 235) return false;
  const auto f = std::int64_t(i);
  for (const Cue& c : rec.shots.cues)
    if (f >= c.start_frame && f <= c.end_frame) return false;
  for (const Transition& t : rec.shots.transitions)
    if (f >= t.start_frame - 2 && f <= t.end_frame + 2) return false;
  return true;
}

ThumbnailChoice choose_thumbnails(const AssetRecord& rec, int count) {
  ThumbnailChoice out;
  const std::vector<Span> spans = scene_spans(rec);
  if (spans.empty()) return out;
  // Spans without an eligible frame give nothing: ask for more slots elsewhere.
  for (int want = count; want <= 4 * count; want += std::max(1, count - int(out.thumbnails.size()))) {
    out = pick(rec, spans, allot(spans, want), false);
    if (int(out.thumbnails.size()) >= count) break;
  }
  if (out.thumbnails.empty()) out = pick(rec, spans, allot(spans, count), true);
  return out;
}

namespace {
ThumbnailChoice pick(const AssetRecord& rec, const std::vector<Span>& spans, const std::vector<int>& slots,
                     bool letterboxed) {
  ThumbnailChoice out;
  std::size_t longest = 0;
  for (std::size_t si = 0; si < spans.size(); ++si) {
    const Span& sp = spans[si];
    if (sp.end - sp.start > spans[longest].end - spans[longest].start) longest = si;
    const std::int64_t len = sp.end - sp.start + 1;
    for (int k = 0; k < slots[si]; ++k) {
      const std::int64_t a = sp.start + len * k / slots[si], b = sp.start + len * (k + 1) / slots[si] - 1;
      std::int64_t best = -1, best_sel = -1;
      for (const SelectedFrame& s : rec.shots.selected_frames)
        if (s.frame >= a && s.frame <= b && eligible_thumbnail_frame(rec, std::size_t(s.frame), letterboxed) &&
            (best_sel < 0 || rec.series.laplacian_var[std::size_t(s.frame)] > rec.series.laplacian_var[std::size_t(best_sel)]))
          best_sel = s.frame;
      if (best_sel < 0)
        for (std::int64_t f = a; f <= b; ++f)
          if (eligible_thumbnail_frame(rec, std::size_t(f), letterboxed) &&
              (best < 0 || rec.series.laplacian_var[std::size_t(f)] > rec.series.laplacian_var[std::size_t(best)]))
            best = f;
      const std::int64_t chosen = best_sel >= 0 ? best_sel : best;
      if (chosen < 0) continue;
      if (out.thumbnails.empty() || out.thumbnails.back().frame != chosen)
        out.thumbnails.push_back({chosen, rec.series.pts_s[std::size_t(chosen)], sp.scene});
    }
  }
  std::sort(out.thumbnails.begin(), out.thumbnails.end(), [](auto& x, auto& y) { return x.frame < y.frame; });
  // Poster: the longest scene's sharpest pick, else the sharpest thumbnail.
  auto sharper = [&](const ThumbnailPick& x, const ThumbnailPick& y) {
    return rec.series.laplacian_var[std::size_t(x.frame)] > rec.series.laplacian_var[std::size_t(y.frame)];
  };
  for (int pass = 0; pass < 2 && !out.has_poster; ++pass) {
    for (const auto& t : out.thumbnails) {
      const bool in_longest = t.frame >= spans[longest].start && t.frame <= spans[longest].end;
      if ((pass == 1 || in_longest) && (!out.has_poster || sharper(t, out.poster))) {
        out.poster = t;
        out.has_poster = true;
      }
    }
  }
  return out;
}
}  // namespace

}  // namespace reelscale::outputs
