#include "eval/scene_eval.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace reelscale::eval {

namespace {

/// Scene starts after the first, from a sidecar's "scenes": [{"start": F, ...}].
std::vector<std::int64_t> sidecar_boundaries(const std::filesystem::path& sidecar) {
  std::ifstream in(sidecar);
  const auto j = nlohmann::json::parse(in);
  std::vector<std::int64_t> out;
  if (!j.contains("scenes")) return out;
  for (std::size_t i = 1; i < j["scenes"].size(); ++i) out.push_back(j["scenes"][i].at("start").get<std::int64_t>());
  return out;
}

std::string frames(const std::vector<std::int64_t>& v) {
  std::string s;
  for (const auto f : v) s += (s.empty() ? "" : " ") + std::to_string(f);
  return s.empty() ? "-" : s;
}

nlohmann::json score_json(const eval::BoundaryScore& s) {
  return {{"truth", s.truth},         {"detected", s.detected}, {"matched", s.matched},
          {"precision", s.precision}, {"recall", s.recall},     {"f1", s.f1}};
}

}  // namespace

SceneCorpusResult evaluate_scenes(const CorpusResult& shots, std::int64_t tol) {
  SceneCorpusResult r;
  r.tolerance = tol;
  double f1_sum = 0;
  for (const auto& f : shots.files) {
    std::vector<eval::TruthScene> truth;
    try {
      truth = eval::load_truth_scenes(f.truth_file);
    } catch (const std::exception&) {
      continue;  // no "scenes" in this truth file
    }
    SceneFileResult s;
    s.video = f.video;
    s.truth = eval::boundaries_of(truth);
    if (f.found) {
      try {
        s.detected = sidecar_boundaries(f.sidecar);
        s.found = true;
      } catch (const std::exception& e) {
        r.warnings.push_back(f.sidecar.string() + ": " + e.what());
      }
    }
    s.score = eval::score_boundaries(s.truth, s.detected, tol);
    r.pooled.truth += s.score.truth;
    r.pooled.detected += s.score.detected;
    r.pooled.matched += s.score.matched;
    f1_sum += s.score.f1;
    r.files.push_back(std::move(s));
  }
  eval::compute_rates(r.pooled);
  r.mean_f1 = r.files.empty() ? 1.0 : f1_sum / double(r.files.size());
  return r;
}

std::string format_scene_table(const SceneCorpusResult& r, bool verbose) {
  std::ostringstream o;
  char line[512];
  o << "scene boundaries, tolerance " << r.tolerance << " frames\n";
  std::snprintf(line, sizeof line, "%-26s %5s %5s %5s %7s %5s %5s %5s\n", "file", "truth", "det.", "match", "P", "R",
                "F1", "");
  o << line;
  for (const auto& f : r.files) {
    std::snprintf(line, sizeof line, "%-26s %5d %5d %5d %7.3f %5.3f %5.3f %s\n", f.video.c_str(), f.score.truth,
                  f.score.detected, f.score.matched, f.score.precision, f.score.recall, f.score.f1,
                  f.found ? "" : "(no sidecar)");
    o << line;
    if (verbose) o << "    truth    " << frames(f.truth) << "\n    detected " << frames(f.detected) << "\n";
  }
  const auto& p = r.pooled;
  std::snprintf(line, sizeof line, "%-26s %5d %5d %5d %7.3f %5.3f %5.3f\n", "OVERALL pooled", p.truth, p.detected,
                p.matched, p.precision, p.recall, p.f1);
  o << line;
  std::snprintf(line, sizeof line, "%-26s %37.3f\n", "OVERALL mean F1 over files", r.mean_f1);
  o << line;
  for (const auto& w : r.warnings) o << "warning: " << w << "\n";
  return o.str();
}

nlohmann::json to_json(const SceneCorpusResult& r) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : r.files) {
    auto j = score_json(f.score);
    j["video"] = f.video;
    j["found"] = f.found;
    j["truth_boundaries"] = f.truth;
    j["detected_boundaries"] = f.detected;
    files.push_back(std::move(j));
  }
  return {{"tolerance", r.tolerance}, {"files", files}, {"pooled", score_json(r.pooled)}, {"mean_f1", r.mean_f1}};
}

}  // namespace reelscale::eval
