#include "eval/adbreak_eval.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <tuple>

namespace reelscale::eval {

namespace {

nlohmann::json read_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read '" + p.string() + "'");
  return nlohmann::json::parse(in);
}

/// [{start, end}, ...] under `key` (absent: empty), sorted.
std::vector<FrameRange> ranges_of(const nlohmann::json& j, const char* key) {
  std::vector<FrameRange> out;
  if (auto it = j.find(key); it != j.end() && it->is_array())
    for (const auto& r : *it) out.emplace_back(r.at("start").get<std::int64_t>(), r.at("end").get<std::int64_t>());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::int64_t> points_of(const nlohmann::json& j) {
  std::vector<std::int64_t> out;
  if (auto it = j.find("insertion_points"); it != j.end() && it->is_array())
    for (const auto& p : *it) out.push_back(p.is_number() ? p.get<std::int64_t>() : p.at("frame").get<std::int64_t>());
  return out;
}

std::string list(const std::vector<FrameRange>& v) {
  std::string s;
  for (const auto& [a, b] : v) s += (s.empty() ? "" : " ") + std::to_string(a) + "-" + std::to_string(b);
  return s.empty() ? "-" : s;
}

nlohmann::json ranges_json(const std::vector<FrameRange>& v) {
  auto a = nlohmann::json::array();
  for (const auto& [s, e] : v) a.push_back({{"start", s}, {"end", e}});
  return a;
}

}  // namespace

double range_iou(const FrameRange& a, const FrameRange& b) {
  if (a.second < a.first || b.second < b.first) return 0;
  const std::int64_t inter = std::min(a.second, b.second) - std::max(a.first, b.first) + 1;
  if (inter <= 0) return 0;
  const std::int64_t uni = (a.second - a.first + 1) + (b.second - b.first + 1) - inter;
  return double(inter) / double(uni);
}

double BreakScore::min_iou() const { return iou.empty() ? 1.0 : *std::min_element(iou.begin(), iou.end()); }

BreakScore score_breaks(const std::vector<FrameRange>& truth, const std::vector<FrameRange>& detected) {
  BreakScore s;
  s.truth = truth;
  s.detected = detected;
  s.iou.assign(truth.size(), 0.0);
  s.match.assign(truth.size(), -1);
  std::vector<std::tuple<double, std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < truth.size(); ++i)
    for (std::size_t j = 0; j < detected.size(); ++j)
      if (const double v = range_iou(truth[i], detected[j]); v > 0) pairs.emplace_back(-v, i, j);
  std::sort(pairs.begin(), pairs.end());
  std::vector<bool> used(detected.size(), false);
  for (const auto& [neg, i, j] : pairs) {
    if (s.match[i] >= 0 || used[j]) continue;
    s.match[i] = int(j);
    s.iou[i] = -neg;
    used[j] = true;
  }
  for (std::size_t j = 0; j < detected.size(); ++j)
    if (!used[j]) s.false_spans.push_back(j);
  return s;
}

int InsertionScore::ok_points() const { return int(std::count(point_ok.begin(), point_ok.end(), true)); }
int InsertionScore::served_windows() const { return int(std::count(served.begin(), served.end(), true)); }
int InsertionScore::served_ok_windows() const { return int(std::count(served_ok.begin(), served_ok.end(), true)); }
double InsertionScore::precision() const { return points.empty() ? 1.0 : double(ok_points()) / double(points.size()); }
double InsertionScore::recall() const {
  return windows.empty() ? 1.0 : double(served_windows()) / double(windows.size());
}

InsertionScore score_insertion_points(std::vector<std::int64_t> points, const std::vector<FrameRange>& ok,
                                      const std::vector<FrameRange>& windows, std::int64_t tol) {
  InsertionScore s;
  std::sort(points.begin(), points.end());
  s.points = points;
  s.windows = windows;
  for (const auto p : points)
    s.point_ok.push_back(
        std::any_of(ok.begin(), ok.end(), [&](const FrameRange& r) { return p >= r.first - tol && p <= r.second + tol; }));
  for (const auto& w : windows) {
    bool any = false, any_ok = false;
    for (std::size_t k = 0; k < points.size(); ++k)
      if (points[k] >= w.first && points[k] <= w.second) {
        any = true;
        any_ok = any_ok || s.point_ok[k];
      }
    s.served.push_back(any);
    s.served_ok.push_back(any_ok);
  }
  return s;
}

AdBreakCorpusResult evaluate_ad_breaks(const CorpusResult& shots, std::int64_t tol) {
  AdBreakCorpusResult r;
  r.insertion_tolerance = tol;
  double iou_sum = 0;
  for (const auto& f : shots.files) {
    const auto truth = read_json(f.truth_file);
    AdBreakFileResult a;
    a.video = f.video;
    a.has_breaks = truth.contains("commercial_breaks");
    a.has_insertion = truth.contains("insertion_points_ok") && truth.contains("ladder");
    if (!a.has_breaks && !a.has_insertion) continue;
    nlohmann::json side = nlohmann::json::object();
    if (f.found) {
      try {
        side = read_json(f.sidecar);
        a.found = true;
      } catch (const std::exception& e) {
        r.warnings.push_back(f.sidecar.string() + ": " + e.what());
      }
    }
    if (a.has_breaks) {
      a.breaks = score_breaks(ranges_of(truth, "commercial_breaks"), ranges_of(side, "commercial_breaks"));
      r.truth_breaks += int(a.breaks.truth.size());
      r.detected_breaks += int(a.breaks.detected.size());
      r.false_spans += int(a.breaks.false_spans.size());
      for (const double v : a.breaks.iou) iou_sum += v;
      if (!a.breaks.iou.empty()) r.min_iou = std::min(r.min_iou, a.breaks.min_iou());
    }
    if (a.has_insertion) {
      a.insertion = score_insertion_points(points_of(side), ranges_of(truth, "insertion_points_ok"),
                                           ranges_of(truth["ladder"], "windows"), tol);
      r.points += int(a.insertion.points.size());
      r.ok_points += a.insertion.ok_points();
      r.windows += int(a.insertion.windows.size());
      r.served += a.insertion.served_windows();
      r.served_ok += a.insertion.served_ok_windows();
    }
    r.files.push_back(std::move(a));
  }
  r.mean_iou = r.truth_breaks ? iou_sum / r.truth_breaks : 1.0;
  return r;
}

std::string format_ad_break_table(const AdBreakCorpusResult& r, bool verbose) {
  std::ostringstream o;
  char line[512];
  o << "commercial breaks (IoU per truth break, one-to-one)\n";
  std::snprintf(line, sizeof line, "%-26s %5s %5s %6s %8s %s\n", "file", "truth", "det.", "false", "min IoU",
                "IoU per break");
  o << line;
  for (const auto& f : r.files) {
    if (!f.has_breaks) continue;
    std::string ious;
    for (const double v : f.breaks.iou) {
      std::snprintf(line, sizeof line, "%s%.3f", ious.empty() ? "" : " ", v);
      ious += line;
    }
    std::snprintf(line, sizeof line, "%-26s %5zu %5zu %6zu %8.3f %s%s\n", f.video.c_str(), f.breaks.truth.size(),
                  f.breaks.detected.size(), f.breaks.false_spans.size(), f.breaks.min_iou(),
                  ious.empty() ? "-" : ious.c_str(), f.found ? "" : " (no sidecar)");
    o << line;
    if (verbose) o << "    truth    " << list(f.breaks.truth) << "\n    detected " << list(f.breaks.detected) << "\n";
  }
  std::snprintf(line, sizeof line, "%-26s %5d %5d %6d %8.3f mean %.3f\n", "OVERALL", r.truth_breaks, r.detected_breaks,
                r.false_spans, r.min_iou, r.mean_iou);
  o << line;
  bool any = std::any_of(r.files.begin(), r.files.end(), [](const auto& f) { return f.has_insertion; });
  if (any) {
    o << "\ninsertion points (precision vs insertion_points_ok, tolerance " << r.insertion_tolerance
      << " frames; recall = ladder windows served)\n";
    std::snprintf(line, sizeof line, "%-26s %6s %4s %7s %8s %6s %7s %7s\n", "file", "points", "ok", "P", "windows",
                  "served", "R", "ok-win");
    o << line;
    for (const auto& f : r.files) {
      if (!f.has_insertion) continue;
      const auto& s = f.insertion;
      std::snprintf(line, sizeof line, "%-26s %6zu %4d %7.3f %8zu %6d %7.3f %7d%s\n", f.video.c_str(), s.points.size(),
                    s.ok_points(), s.precision(), s.windows.size(), s.served_windows(), s.recall(),
                    s.served_ok_windows(), f.found ? "" : " (no sidecar)");
      o << line;
      if (verbose) {
        o << "    points  ";
        for (std::size_t k = 0; k < s.points.size(); ++k) o << " " << s.points[k] << (s.point_ok[k] ? "" : "(x)");
        o << "\n    windows  " << list(s.windows) << "\n";
      }
    }
    std::snprintf(line, sizeof line, "%-26s %6d %4d %7.3f %8d %6d %7.3f %7d\n", "OVERALL", r.points, r.ok_points,
                  r.precision(), r.windows, r.served, r.recall(), r.served_ok);
    o << line;
  }
  for (const auto& w : r.warnings) o << "warning: " << w << "\n";
  return o.str();
}

nlohmann::json to_json(const AdBreakCorpusResult& r) {
  auto files = nlohmann::json::array();
  for (const auto& f : r.files) {
    nlohmann::json j = {{"video", f.video}, {"found", f.found}};
    if (f.has_breaks) {
      auto fs = nlohmann::json::array();
      for (const auto k : f.breaks.false_spans) fs.push_back(ranges_json({f.breaks.detected[k]})[0]);
      j["breaks"] = {{"truth", ranges_json(f.breaks.truth)}, {"detected", ranges_json(f.breaks.detected)},
                     {"iou", f.breaks.iou},                  {"min_iou", f.breaks.min_iou()},
                     {"false_spans", fs}};
    }
    if (f.has_insertion) {
      const auto& s = f.insertion;
      j["insertion_points"] = {{"points", s.points},           {"point_ok", s.point_ok},
                               {"ok", s.ok_points()},          {"precision", s.precision()},
                               {"windows", ranges_json(s.windows)}, {"served", s.served},
                               {"served_ok", s.served_ok},     {"recall", s.recall()}};
    }
    files.push_back(std::move(j));
  }
  return {{"breaks",
           {{"truth", r.truth_breaks},
            {"detected", r.detected_breaks},
            {"false_spans", r.false_spans},
            {"min_iou", r.min_iou},
            {"mean_iou", r.mean_iou}}},
          {"insertion_points",
           {{"tolerance", r.insertion_tolerance},
            {"points", r.points},
            {"ok", r.ok_points},
            {"precision", r.precision()},
            {"windows", r.windows},
            {"served", r.served},
            {"served_ok", r.served_ok},
            {"recall", r.recall()}}},
          {"files", files}};
}

}  // namespace reelscale::eval
