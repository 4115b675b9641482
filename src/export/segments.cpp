#include "export/segments.hpp"

#include <algorithm>
#include <stdexcept>

namespace reelscale::exports {

Units parse_units(const std::string& s) {
  if (s == "scenes") return Units::scenes;
  if (s == "shots") return Units::shots;
  if (s == "breaks") return Units::breaks;
  throw std::invalid_argument("unknown units '" + s + "' (scenes|shots|breaks)");
}

std::int64_t total_frames(const AssetDoc& d) {
  std::int64_t n = d.frames;
  for (const auto& s : d.shots) n = std::max(n, s.end + 1);
  for (const auto& s : d.scenes) n = std::max(n, s.span.end + 1);
  return n;
}

namespace {

std::vector<Segment> break_segments(const AssetDoc& d) {
  const std::int64_t n = total_frames(d);
  std::vector<std::int64_t> cuts{0, n};
  for (const auto& p : d.insertion_points) cuts.push_back(p.frame);
  for (const auto& b : d.commercial_breaks) cuts.push_back(b.start), cuts.push_back(b.end + 1);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<Segment> out;
  int part = 0, brk = 0;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    const std::int64_t a = std::max<std::int64_t>(0, cuts[i]), b = std::min(n, cuts[i + 1]);
    if (b <= a) continue;
    const bool ad = std::any_of(d.commercial_breaks.begin(), d.commercial_breaks.end(),
                                [&](const FrameSpan& s) { return a >= s.start && b <= s.end + 1; });
    out.push_back({ad ? "Commercial break " + std::to_string(++brk) : "Part " + std::to_string(++part),
                   {a, b - 1}, ad});
  }
  return out;
}

}  // namespace

std::vector<Segment> segments(const AssetDoc& d, Units u) {
  std::vector<Segment> out;
  if (u == Units::breaks) return break_segments(d);
  if (u == Units::scenes)
    for (std::size_t i = 0; i < d.scenes.size(); ++i)
      out.push_back({"Scene " + std::to_string(i + 1), d.scenes[i].span});
  if (u == Units::shots)
    for (std::size_t i = 0; i < d.shots.size(); ++i) out.push_back({"Shot " + std::to_string(i + 1), d.shots[i]});
  return out;
}

}  // namespace reelscale::exports
