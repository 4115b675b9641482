#include "eval/scene_truth.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <tuple>

#include <nlohmann/json.hpp>

namespace reelscale::eval {

std::vector<TruthScene> load_truth_scenes(const std::filesystem::path& truth_json) {
  std::ifstream f(truth_json);
  if (!f) throw std::runtime_error("cannot read truth file '" + truth_json.string() + "'");
  const auto doc = nlohmann::json::parse(f, nullptr, true);
  if (!doc.contains("scenes") || !doc["scenes"].is_array())
    throw std::runtime_error("truth file '" + truth_json.string() + "' has no \"scenes\" array");
  std::vector<TruthScene> raw;
  for (const auto& s : doc["scenes"])
    raw.push_back(
        {s.value("label", std::string()), s.at("start").get<std::int64_t>(), s.at("end").get<std::int64_t>()});
  std::sort(raw.begin(), raw.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  std::vector<TruthScene> out;
  for (const auto& s : raw) {
    if (!out.empty() && (s.label == out.back().label || s.label == "slate")) {
      out.back().end = std::max(out.back().end, s.end);
      continue;
    }
    if (!out.empty() && out.back().label == "slate") {  // leading slate: belongs to the scene after
      out.back().label = s.label;
      out.back().end = s.end;
      continue;
    }
    out.push_back(s);
  }
  return out;
}

std::vector<std::int64_t> boundaries_of(const std::vector<TruthScene>& scenes) {
  std::vector<std::int64_t> b;
  for (std::size_t i = 1; i < scenes.size(); ++i) b.push_back(scenes[i].start);
  return b;
}

BoundaryScore score_boundaries(const std::vector<std::int64_t>& truth, const std::vector<std::int64_t>& detected,
                               std::int64_t tolerance) {
  BoundaryScore s;
  s.truth = int(truth.size());
  s.detected = int(detected.size());
  std::vector<std::tuple<std::int64_t, std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < truth.size(); ++i)
    for (std::size_t j = 0; j < detected.size(); ++j) {
      const std::int64_t d = std::llabs(truth[i] - detected[j]);
      if (d <= tolerance) pairs.emplace_back(d, i, j);
    }
  std::sort(pairs.begin(), pairs.end());
  std::vector<bool> ut(truth.size()), ud(detected.size());
  for (const auto& [d, i, j] : pairs) {
    if (ut[i] || ud[j]) continue;
    ut[i] = ud[j] = true;
    ++s.matched;
  }
  compute_rates(s);
  return s;
}

void compute_rates(BoundaryScore& s) {
  s.precision = s.detected ? double(s.matched) / s.detected : (s.truth ? 0.0 : 1.0);
  s.recall = s.truth ? double(s.matched) / s.truth : 1.0;
  s.f1 = (s.precision + s.recall) > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0.0;
}

}  // namespace reelscale::eval
