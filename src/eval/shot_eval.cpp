#include "eval/shot_eval.hpp"
#include "record/timeline.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include <nlohmann/json.hpp>

namespace reelscale::eval {
namespace fs = std::filesystem;
using nlohmann::json;

double Counts::precision() const { return tp + fp ? double(tp) / double(tp + fp) : 1.0; }
double Counts::recall() const { return tp + fn ? double(tp) / double(tp + fn) : 1.0; }
double Counts::f1() const { return empty() ? 1.0 : 2.0 * double(tp) / double(2 * tp + fp + fn); }

bool compatible(const Boundary& t, const Boundary& d, int tol) {
  return d.start <= t.end + tol && d.end >= t.start - tol;
}

MatchResult match_boundaries(const std::vector<Boundary>& truth, const std::vector<Boundary>& detected, int tol) {
  struct Cand {
    std::int64_t gap;
    int mismatch;
    std::int64_t centre2;  // twice the distance between centres (integer)
    std::size_t t, d;
  };
  std::vector<Cand> cands;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const auto& t = truth[i];
    for (std::size_t j = 0; j < detected.size(); ++j) {
      const auto& d = detected[j];
      if (!compatible(t, d, tol)) continue;
      const std::int64_t gap = std::max<std::int64_t>({0, d.start - t.end, t.start - d.end});
      const std::int64_t c2 = std::llabs((t.start + t.end) - (d.start + d.end));
      cands.push_back({gap, t.cls == d.cls ? 0 : 1, c2, i, j});
    }
  }
  std::sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) {
    return std::tie(a.gap, a.mismatch, a.centre2, a.t, a.d) < std::tie(b.gap, b.mismatch, b.centre2, b.t, b.d);
  });
  std::vector<bool> t_used(truth.size(), false), d_used(detected.size(), false);
  MatchResult r;
  for (const auto& c : cands) {
    if (t_used[c.t] || d_used[c.d]) continue;
    t_used[c.t] = d_used[c.d] = true;
    r.pairs.emplace_back(c.t, c.d);
    (truth[c.t].cls == BoundaryClass::cut ? r.cut : r.gradual).tp++;
  }
  std::sort(r.pairs.begin(), r.pairs.end());
  for (std::size_t i = 0; i < truth.size(); ++i)
    if (!t_used[i]) {
      r.missed.push_back(i);
      (truth[i].cls == BoundaryClass::cut ? r.cut : r.gradual).fn++;
    }
  for (std::size_t j = 0; j < detected.size(); ++j)
    if (!d_used[j]) {
      r.false_alarms.push_back(j);
      (detected[j].cls == BoundaryClass::cut ? r.cut : r.gradual).fp++;
    }
  r.all = r.cut;
  r.all += r.gradual;
  return r;
}

SelectionStats selection_stats(const TruthFile& truth, const std::vector<std::int64_t>& selected, double min_shot_s) {
  SelectionStats s;
  const double fps = record::timeline::effective_fps(truth.fps);
  std::int64_t frames = truth.frames;
  if (frames <= 0 && !selected.empty()) frames = selected.back() + 1;
  s.selected = std::int64_t(selected.size());
  s.one_fps = std::int64_t(std::ceil(double(frames) / fps - 1e-9));
  std::vector<std::pair<std::int64_t, std::int64_t>> shots;
  std::int64_t start = 0;
  for (const auto& b : truth.transitions) {
    if (b.cls == BoundaryClass::cut) {
      shots.emplace_back(start, b.start - 1);
      start = b.start;
    } else {
      shots.emplace_back(start, b.start - 1);
      start = b.end + 1;
    }
  }
  shots.emplace_back(start, frames - 1);
  for (const auto& [a, z] : shots) {
    if (z < a || double(z - a + 1) / fps < min_shot_s) continue;
    bool slate = false;
    for (const auto& [sa, sz] : truth.slates)
      if (a >= sa && z <= sz) slate = true;
    if (slate) {
      ++s.slate_shots;
      continue;
    }
    ++s.long_shots;
    auto it = std::lower_bound(selected.begin(), selected.end(), a);
    if (it != selected.end() && *it <= z) ++s.covered;
  }
  return s;
}

void summarise(CorpusResult& r) {
  r.pooled_cut = r.pooled_gradual = r.pooled_all = {};
  r.pooled_selection.reset();
  struct Acc {
    double p = 0, rc = 0, f = 0;
    int n = 0;
  };
  Acc ac, ag, aa;
  auto add = [](Acc& a, const Counts& c) {
    if (c.empty()) return;
    a.p += c.precision();
    a.rc += c.recall();
    a.f += c.f1();
    ++a.n;
  };
  for (const auto& f : r.files) {
    r.pooled_cut += f.match.cut;
    r.pooled_gradual += f.match.gradual;
    r.pooled_all += f.match.all;
    add(ac, f.match.cut);
    add(ag, f.match.gradual);
    add(aa, f.match.all);
    if (f.selection) {
      if (!r.pooled_selection) r.pooled_selection = SelectionStats{};
      auto& p = *r.pooled_selection;
      p.long_shots += f.selection->long_shots;
      p.slate_shots += f.selection->slate_shots;
      p.covered += f.selection->covered;
      p.selected += f.selection->selected;
      p.one_fps += f.selection->one_fps;
    }
  }
  auto mean = [](const Acc& a) {
    MeanScores m;
    if (a.n) {
      m.precision = a.p / a.n;
      m.recall = a.rc / a.n;
      m.f1 = a.f / a.n;
    }
    m.files = a.n;
    return m;
  };
  r.mean_cut = mean(ac);
  r.mean_gradual = mean(ag);
  r.mean_all = mean(aa);
}

CorpusResult evaluate_corpus(const fs::path& truth_dir, const fs::path& out_dir, int tol) {
  CorpusResult r;
  r.tolerance = tol;
  std::vector<fs::path> truth_files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(truth_dir, ec)) {
    const auto name = e.path().filename().string();
    if (e.is_regular_file() && name.size() > 11 && name.ends_with(".truth.json")) truth_files.push_back(e.path());
  }
  if (ec) throw std::runtime_error("cannot read " + truth_dir.string() + ": " + ec.message());
  if (truth_files.empty()) throw std::runtime_error("no *.truth.json in " + truth_dir.string());
  std::sort(truth_files.begin(), truth_files.end());

  // Sidecars, indexed by the file name of their "path".
  std::map<std::string, std::pair<fs::path, Detections>> by_video;
  const fs::path assets = out_dir / "assets";
  std::vector<fs::path> sidecars;
  for (const auto& e : fs::directory_iterator(assets, ec))
    if (e.is_regular_file() && e.path().extension() == ".json") sidecars.push_back(e.path());
  if (ec) r.warnings.push_back("cannot read " + assets.string() + ": " + ec.message());
  std::sort(sidecars.begin(), sidecars.end());
  for (const auto& p : sidecars) {
    try {
      auto d = load_detections(p);
      if (d.path.empty()) continue;
      const auto name = fs::path(d.path).filename().string();
      if (by_video.count(name)) {
        r.warnings.push_back("two sidecars for " + name + ": using " + by_video[name].first.string());
        continue;
      }
      by_video.emplace(name, std::make_pair(p, std::move(d)));
    } catch (const std::exception& e) {
      r.warnings.push_back(std::string("skipping sidecar: ") + e.what());
    }
  }

  for (const auto& tf : truth_files) {
    TruthFile t = load_truth(tf);
    FileResult f;
    f.video = t.video;
    f.truth_file = tf;
    f.truth = t.transitions;
    if (auto it = by_video.find(t.video); it != by_video.end()) {
      f.found = true;
      f.sidecar = it->second.first;
      f.detected = it->second.second.transitions;
      if (it->second.second.selected_frames) f.selection = selection_stats(t, *it->second.second.selected_frames);
    } else {
      r.warnings.push_back("no sidecar for " + t.video + " in " + assets.string() + ": scored as no detections");
    }
    f.match = match_boundaries(f.truth, f.detected, tol);
    r.files.push_back(std::move(f));
  }
  summarise(r);
  return r;
}

namespace {

std::string prf(const Counts& c) {
  if (c.empty()) return "    -     -     -  ";
  char b[64];
  std::snprintf(b, sizeof b, "%5.3f %5.3f %5.3f ", c.precision(), c.recall(), c.f1());
  return b;
}

std::string prf(const MeanScores& m) {
  if (!m.files) return "    -     -     -  ";
  char b[64];
  std::snprintf(b, sizeof b, "%5.3f %5.3f %5.3f ", m.precision, m.recall, m.f1);
  return b;
}

std::string tpn(const Counts& c) {
  char b[48];
  std::snprintf(b, sizeof b, "%3lld/%3lld/%3lld", (long long)c.tp, (long long)c.fp, (long long)c.fn);
  return b;
}

std::string boundary_text(const Boundary& b) {
  if (b.cls == BoundaryClass::cut && b.start == b.end && b.kind == "cut") return "cut@" + std::to_string(b.start);
  return b.kind + "@" + std::to_string(b.start) + "-" + std::to_string(b.end);
}

json counts_json(const Counts& c) {
  return {{"tp", c.tp},           {"fp", c.fp},  {"fn", c.fn}, {"precision", c.precision()},
          {"recall", c.recall()}, {"f1", c.f1()}};
}

json mean_json(const MeanScores& m) {
  return {{"precision", m.precision}, {"recall", m.recall}, {"f1", m.f1}, {"files", m.files}};
}

json boundary_json(const Boundary& b) {
  return {{"class", to_string(b.cls)}, {"type", b.kind}, {"start", b.start}, {"end", b.end}};
}

json selection_json(const SelectionStats& s) {
  return {{"long_shots", s.long_shots}, {"slate_shots", s.slate_shots}, {"covered", s.covered},
          {"coverage", s.coverage()},   {"selected", s.selected},       {"one_fps", s.one_fps},
          {"reduction", s.reduction()}};
}

}  // namespace

std::string format_table(const CorpusResult& r, bool verbose) {
  std::ostringstream o;
  char line[512];
  o << "shot boundaries, tolerance " << r.tolerance << " frames (P R F1; TP/FP/FN)\n";
  std::snprintf(line, sizeof line, "%-26s %-19s %-19s %-19s %-11s %s\n", "file", "cut P     R     F1",
                "gradual P R     F1", "all P     R     F1", "TP/FP/FN", "frames sel. cover reduct.");
  o << line;
  for (const auto& f : r.files) {
    std::string sel = f.found ? "-" : "(no sidecar)";
    if (f.selection) {
      char b[96];
      std::snprintf(b, sizeof b, "%4lld %3lld/%-3lld %5.1f%%", (long long)f.selection->selected,
                    (long long)f.selection->covered, (long long)f.selection->long_shots,
                    100.0 * f.selection->reduction());
      sel = b;
    }
    std::snprintf(line, sizeof line, "%-26s %s %s %s %s %s\n", f.video.c_str(), prf(f.match.cut).c_str(),
                  prf(f.match.gradual).c_str(), prf(f.match.all).c_str(), tpn(f.match.all).c_str(), sel.c_str());
    o << line;
  }
  std::string psel;
  if (r.pooled_selection) {
    char b[96];
    const auto& s = *r.pooled_selection;
    std::snprintf(b, sizeof b, "%4lld %3lld/%-3lld %5.1f%%", (long long)s.selected, (long long)s.covered,
                  (long long)s.long_shots, 100.0 * s.reduction());
    psel = b;
  }
  std::snprintf(line, sizeof line, "%-26s %s %s %s %s %s\n", "OVERALL pooled", prf(r.pooled_cut).c_str(),
                prf(r.pooled_gradual).c_str(), prf(r.pooled_all).c_str(), tpn(r.pooled_all).c_str(), psel.c_str());
  o << line;
  std::snprintf(line, sizeof line, "%-26s %s %s %s\n", "OVERALL mean over files", prf(r.mean_cut).c_str(),
                prf(r.mean_gradual).c_str(), prf(r.mean_all).c_str());
  o << line;
  if (verbose) {
    for (const auto& f : r.files) {
      if (f.match.missed.empty() && f.match.false_alarms.empty()) continue;
      o << f.video << ":";
      for (auto i : f.match.missed) o << " miss " << boundary_text(f.truth[i]) << ";";
      for (auto j : f.match.false_alarms) o << " false " << boundary_text(f.detected[j]) << ";";
      o << "\n";
    }
  }
  for (const auto& w : r.warnings) o << "warning: " << w << "\n";
  return o.str();
}

json to_json(const CorpusResult& r) {
  json files = json::array();
  for (const auto& f : r.files) {
    json j = {{"video", f.video},
              {"truth_file", f.truth_file.string()},
              {"sidecar", f.sidecar.string()},
              {"found", f.found},
              {"cut", counts_json(f.match.cut)},
              {"gradual", counts_json(f.match.gradual)},
              {"all", counts_json(f.match.all)}};
    json missed = json::array(), fa = json::array();
    for (auto i : f.match.missed) missed.push_back(boundary_json(f.truth[i]));
    for (auto k : f.match.false_alarms) fa.push_back(boundary_json(f.detected[k]));
    j["missed"] = std::move(missed);
    j["false_alarms"] = std::move(fa);
    if (f.selection) j["selection"] = selection_json(*f.selection);
    files.push_back(std::move(j));
  }
  json out = {
      {"tolerance", r.tolerance},
      {"files", std::move(files)},
      {"pooled",
       {{"cut", counts_json(r.pooled_cut)},
        {"gradual", counts_json(r.pooled_gradual)},
        {"all", counts_json(r.pooled_all)}}},
      {"mean",
       {{"cut", mean_json(r.mean_cut)}, {"gradual", mean_json(r.mean_gradual)}, {"all", mean_json(r.mean_all)}}},
      {"warnings", r.warnings}};
  if (r.pooled_selection) out["pooled"]["selection"] = selection_json(*r.pooled_selection);
  return out;
}

}  // namespace reelscale::eval
