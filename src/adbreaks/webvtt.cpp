#include "adbreaks/webvtt.hpp"
#include "record/clock_text.hpp"
#include "record/timeline.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace reelscale::adbreaks {
namespace {

std::string stamp(double s) { return record::clock_ms(s); }

}  // namespace

std::string webvtt_chapters(const AssetRecord& rec) {
  std::string out = "WEBVTT\n";
  double end = rec.duration_s;
  const double fps = record::timeline::effective_fps(rec.fps);
  if (!rec.series.pts_s.empty() && std::isfinite(rec.series.pts_s.back()))
    end = std::max(end, rec.series.pts_s.back() + 1.0 / fps);
  if (!(end > 0)) return out;
  struct Span {
    double a, b;
    bool ad;
  };
  std::vector<Span> ads;
  for (const auto& b : rec.ad_breaks.commercial_breaks) ads.push_back({b.start_s, std::min(end, b.end_s), true});
  std::vector<double> cuts;
  for (const auto& p : rec.ad_breaks.insertion_points) cuts.push_back(p.time_s);
  for (const auto& s : ads) cuts.push_back(s.a), cuts.push_back(s.b);
  cuts.push_back(0);
  cuts.push_back(end);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end(), [](double x, double y) { return std::abs(x - y) < 1e-3; }),
             cuts.end());
  int part = 0, brk = 0;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    const double a = std::max(0.0, cuts[i]), b = std::min(end, cuts[i + 1]);
    if (b - a < 1e-3) continue;
    const bool ad =
        std::any_of(ads.begin(), ads.end(), [&](const Span& s) { return a >= s.a - 1e-3 && b <= s.b + 1e-3; });
    out += "\n" + stamp(a) + " --> " + stamp(b) + "\n" +
           (ad ? "Commercial break " + std::to_string(++brk) : "Part " + std::to_string(++part)) + "\n";
  }
  return out;
}

}  // namespace reelscale::adbreaks
