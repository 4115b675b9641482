#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/svg.hpp"

namespace reelscale::report {
namespace {

constexpr double kLeft = 50, kWidth = 1110, kTop = 10, kHeight = 220, kMin = -60, kMax = 0;

double y_of(double lufs) { return kTop + (kMax - std::clamp(lufs, kMin, kMax)) / (kMax - kMin) * kHeight; }

std::string polyline(const char* id, const std::vector<float>& v, double start_s, double rate, double span_s) {
  const std::size_t stride = std::max<std::size_t>(1, (v.size() + 3999) / 4000);
  std::string pts;
  pts.reserve(v.size() / stride * 14);
  for (std::size_t i = 0; i < v.size(); i += stride) {
    const double t = start_s + double(i + 1) / rate;
    pts += fmt::format("{:.1f},{:.1f} ", kLeft + std::clamp(t / span_s, 0.0, 1.0) * kWidth, y_of(v[i]));
  }
  if (!pts.empty()) pts.pop_back();
  return fmt::format("<polyline id=\"{}\" data-n=\"{}\" points=\"{}\"/>", id, v.size(), pts);
}

}  // namespace

std::pair<double, double> lra_bounds(const std::vector<float>& st, double rate_hz) {
  std::vector<double> pass;
  // Values before the first full 3 s window are partial windows: not blocks of Tech 3342.
  const auto first = static_cast<std::size_t>(std::max(0.0, std::ceil(3.0 * rate_hz) - 1));
  for (std::size_t i = first; i < st.size(); ++i)
    if (st[i] > -70) pass.push_back(st[i]);
  if (pass.empty()) return {0, 0};
  double e = 0;
  for (double v : pass) e += std::pow(10.0, v / 10);
  const double rel = 10 * std::log10(e / double(pass.size())) - 20;
  std::vector<double> g;
  for (double v : pass)
    if (v > rel) g.push_back(v);
  if (g.empty()) return {0, 0};
  std::sort(g.begin(), g.end());
  auto pct = [&](double q) { return g[std::min(g.size() - 1, std::size_t(std::llround(q * double(g.size() - 1))))]; };
  return {pct(0.10), pct(0.95)};
}

std::string loudness_svg(const LoudnessSeries& s, double integrated, double lra_lu, double duration_s) {
  if (s.momentary.empty() && s.short_term.empty()) return {};
  const double span = std::max(duration_s, s.start_s + double(std::max(s.momentary.size(), s.short_term.size())) / s.rate_hz);
  std::string out = fmt::format("<svg class=\"loudness\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1180 260\" "
                                "width=\"1180\" height=\"260\">");
  for (double l = kMin; l <= kMax; l += 10)
    out += fmt::format("<line class=\"grid\" x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\"/>"
                       "<text class=\"tick\" x=\"4\" y=\"{3:.1f}\">{4:.0f}</text>",
                       kLeft, kLeft + kWidth, y_of(l), y_of(l) + 4, l);
  for (double t = 0, step = span > 600 ? 300 : span > 120 ? 60 : 10; t <= span; t += step)
    out += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"250\">{:.0f} s</text>", kLeft + t / span * kWidth, t);
  const auto [lo, hi] = lra_bounds(s.short_term, s.rate_hz);
  if (hi > lo)
    out += fmt::format("<rect id=\"lra\" x=\"{}\" width=\"{}\" y=\"{:.1f}\" height=\"{:.1f}\"><title>LRA {:.1f} LU "
                       "({:.1f} to {:.1f} LUFS, EBU Tech 3342 percentiles of short-term)</title></rect>",
                       kLeft, kWidth, y_of(hi), y_of(lo) - y_of(hi), lra_lu, lo, hi);
  out += polyline("momentary", s.momentary, s.start_s, s.rate_hz, span);
  out += polyline("short-term", s.short_term, s.start_s, s.rate_hz, span);
  if (std::isfinite(integrated) && integrated > -70)
    out += fmt::format("<line id=\"integrated\" x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\"><title>integrated "
                       "{3:.1f} LUFS</title></line><text class=\"label\" x=\"{4}\" y=\"{5:.1f}\">I {3:.1f} LUFS</text>",
                       kLeft, kLeft + kWidth, y_of(integrated), integrated, kLeft + kWidth - 90, y_of(integrated) - 4);
  return out + "</svg>";
}

}  // namespace reelscale::report
