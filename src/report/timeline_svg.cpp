#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "export/segments.hpp"
#include "export/text_escape.hpp"
#include "report/svg.hpp"

namespace reelscale::report {
namespace {
using exports::xml_escape;

constexpr double kLeft = 110, kWidth = 1060, kLane = 20;

struct Plot {
  double frames;
  double x(double f) const { return kLeft + std::clamp(f / frames, 0.0, 1.0) * kWidth; }
  double w(double a, double b) const { return std::max(0.8, x(b) - x(a)); }
};

std::string rect(const Plot& p, double a, double b, int lane, const std::string& cls, const std::string& tip) {
  return fmt::format("<rect class=\"{}\" x=\"{:.2f}\" y=\"{:.0f}\" width=\"{:.2f}\" height=\"{:.0f}\"><title>{}</title></rect>",
                     cls, p.x(a), 22 + lane * kLane, p.w(a, b), kLane - 4, xml_escape(tip));
}

std::string span_tip(const exports::AssetDoc& d, const std::string& what, std::int64_t a, std::int64_t b) {
  return fmt::format("{}: frames {}-{} ({} - {})", what, a, b, exports::frames_to_timecode(d.tc_start + a, d.rate),
                     exports::frames_to_timecode(d.tc_start + b + 1, d.rate));
}

std::string axis(const exports::AssetDoc& d, const Plot& p, int lanes) {
  const double secs = p.frames / d.rate.fps();
  double step = 1;
  for (double s : {1., 2., 5., 10., 15., 30., 60., 120., 300., 600., 900., 1800., 3600.})
    if (secs / s <= 10) { step = s; break; } else step = s;
  std::string out;
  const double y1 = 22 + lanes * kLane;
  for (double t = 0; t <= secs + 1e-9; t += step) {
    const double f = t * d.rate.fps();
    out += fmt::format("<line class=\"tick\" x1=\"{0:.2f}\" x2=\"{0:.2f}\" y1=\"18\" y2=\"{1:.0f}\"/>"
                       "<text class=\"tick\" x=\"{0:.2f}\" y=\"12\">{2}</text>",
                       p.x(f), y1, exports::clock_ms(t).substr(0, 8));
  }
  return out;
}

}  // namespace

std::string timeline_svg(const exports::AssetDoc& d) {
  const std::int64_t n = exports::total_frames(d);
  if (n <= 0) return {};
  const Plot p{double(n)};
  const char* lanes[] = {"shots", "transitions", "scenes", "cues", "silences", "breaks", "insertion points"};
  constexpr int kLanes = 7;
  std::string g[kLanes];
  for (std::size_t i = 0; i < d.shots.size(); ++i)
    g[0] += rect(p, d.shots[i].start, d.shots[i].end + 1, 0, i % 2 ? "shot odd" : "shot",
                 span_tip(d, "Shot " + std::to_string(i + 1), d.shots[i].start, d.shots[i].end));
  for (const auto& t : d.transitions)
    if (t.type != "cut")
      g[1] += rect(p, t.span.start, t.span.end + 1, 1, "gradual " + t.type, span_tip(d, t.type, t.span.start, t.span.end));
  for (std::size_t i = 0; i < d.scenes.size(); ++i)
    g[2] += rect(p, d.scenes[i].span.start, d.scenes[i].span.end + 1, 2, i % 2 ? "scene odd" : "scene",
                 span_tip(d, "Scene " + std::to_string(i + 1), d.scenes[i].span.start, d.scenes[i].span.end));
  for (const auto& c : d.cues)
    g[3] += rect(p, c.span.start, c.span.end + 1, 3, "cue " + c.type, span_tip(d, c.type, c.span.start, c.span.end));
  const double fps = d.rate.fps();
  for (const auto& s : d.silences)
    g[4] += rect(p, s.start_s * fps, s.end_s * fps, 4, "silence",
                 fmt::format("silence {:.2f}-{:.2f} s", s.start_s, s.end_s));
  for (std::size_t i = 0; i < d.commercial_breaks.size(); ++i)
    g[5] += rect(p, d.commercial_breaks[i].start, d.commercial_breaks[i].end + 1, 5, "break",
                 span_tip(d, "Commercial break " + std::to_string(i + 1), d.commercial_breaks[i].start,
                          d.commercial_breaks[i].end));
  for (const auto& ip : d.insertion_points)
    g[6] += fmt::format("<line class=\"insertion\" x1=\"{0:.2f}\" x2=\"{0:.2f}\" y1=\"{1:.0f}\" y2=\"{2:.0f}\"><title>"
                        "insertion point: frame {3} ({4}), score {5:.2f}</title></line>",
                        p.x(double(ip.frame)), 22 + 6 * kLane, 22 + 7 * kLane - 4, ip.frame,
                        exports::frames_to_timecode(d.tc_start + ip.frame, d.rate), ip.score);
  std::string out = fmt::format("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1180 {0:.0f}\" "
                                "width=\"1180\" height=\"{0:.0f}\" data-frames=\"{1}\">",
                                30 + kLanes * kLane, n);
  out += axis(d, p, kLanes);
  for (int i = 0; i < kLanes; ++i)
    out += fmt::format("<text class=\"lane\" x=\"4\" y=\"{:.0f}\">{}</text><g id=\"lane-{}\">{}</g>",
                       22 + i * kLane + 12, lanes[i], i, g[i]);
  return out + "</svg>";
}

}  // namespace reelscale::report
