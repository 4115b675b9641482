#include "duplicates/report_json.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace reelscale::duplicates {

namespace {
double seg_len(const SegmentMatch& s) { return s.a_end_s - s.a_start_s; }
}  // namespace

std::pair<double, double> asset_span(const AssetSignature& sig) {
  if (sig.phash.empty()) return {0, 0};
  const TickSignature t = resample(sig, sig.fps > 0 ? sig.fps : 25.0);  // one tick per frame
  return {t.t0_s, t.time_s(static_cast<double>(t.size()))};
}

nlohmann::json report_to_json(const DuplicateReport& rep, std::span<const std::string> ids,
                              std::span<const std::string> paths, std::span<const std::pair<double, double>> spans,
                              double min_seconds) {
  nlohmann::json j;
  j["assets"] = nlohmann::json::array();
  for (std::size_t i = 0; i < ids.size(); ++i)
    j["assets"].push_back(
        {{"id", ids[i]}, {"path", paths[i]}, {"start_s", spans[i].first}, {"end_s", spans[i].second}});
  j["exact"] = nlohmann::json::array();
  for (const auto& g : rep.exact_groups) {
    nlohmann::json grp = nlohmann::json::array();
    for (auto i : g) grp.push_back(ids[i]);
    j["exact"].push_back(grp);
  }
  j["encodings"] = nlohmann::json::array();
  for (const auto& e : rep.encodings)
    j["encodings"].push_back({{"a", ids[e.a]},
                              {"b", ids[e.b]},
                              {"offset_s", e.offset_s},
                              {"coverage_a", e.coverage_a},
                              {"coverage_b", e.coverage_b},
                              {"score", e.score}});
  j["segments"] = nlohmann::json::array();
  for (const auto& s : rep.segments) {
    if (seg_len(s) + 1e-9 < min_seconds) continue;
    j["segments"].push_back({{"a", ids[s.a]},
                             {"b", ids[s.b]},
                             {"a_start_s", s.a_start_s},
                             {"a_end_s", s.a_end_s},
                             {"b_start_s", s.b_start_s},
                             {"b_end_s", s.b_end_s},
                             {"offset_s", s.offset_s},
                             {"score", s.score},
                             {"motion_jaccard", s.motion_jaccard}});
  }
  return j;
}

nlohmann::json sidecar_entries(const DuplicateReport& rep, std::span<const std::string> ids,
                               std::span<const std::pair<double, double>> spans, std::size_t i, double min_seconds) {
  nlohmann::json out = nlohmann::json::array();
  auto whole = [&](std::size_t other, const char* kind, double score) {
    out.push_back({{"asset", ids[other]},
                   {"kind", kind},
                   {"start", spans[i].first},
                   {"end", spans[i].second},
                   {"other_start", spans[other].first},
                   {"other_end", spans[other].second},
                   {"score", score}});
  };
  for (const auto& g : rep.exact_groups)
    if (std::find(g.begin(), g.end(), i) != g.end())
      for (auto o : g)
        if (o != i) whole(o, "exact", 1.0);
  for (const auto& e : rep.encodings)
    if (e.a == i || e.b == i) whole(e.a == i ? e.b : e.a, "encoding", e.score);
  for (const auto& s : rep.segments) {
    if (seg_len(s) + 1e-9 < min_seconds || (s.a != i && s.b != i)) continue;
    const bool mine_a = s.a == i;
    out.push_back({{"asset", ids[mine_a ? s.b : s.a]},
                   {"kind", "segment"},
                   {"start", mine_a ? s.a_start_s : s.b_start_s},
                   {"end", mine_a ? s.a_end_s : s.b_end_s},
                   {"other_start", mine_a ? s.b_start_s : s.a_start_s},
                   {"other_end", mine_a ? s.b_end_s : s.a_end_s},
                   {"score", s.score}});
  }
  return out;
}

std::string report_to_text(const DuplicateReport& rep, std::span<const std::string> ids,
                           std::span<const std::string> paths, double min_seconds) {
  std::string t;
  t += fmt::format("exact copies: {} group(s)\n", rep.exact_groups.size());
  for (const auto& g : rep.exact_groups) {
    for (auto i : g) t += fmt::format("  {} {}\n", ids[i], paths[i]);
    t += "\n";
  }
  t += fmt::format("same content, other encoding: {} pair(s)\n", rep.encodings.size());
  for (const auto& e : rep.encodings)
    t += fmt::format("  {} {}\n  {} {}\n    offset {:+.2f} s, coverage {:.2f} / {:.2f}, score {:.3f}\n", ids[e.a],
                     paths[e.a], ids[e.b], paths[e.b], e.offset_s, e.coverage_a, e.coverage_b, e.score);
  std::size_t n = 0;
  for (const auto& s : rep.segments) n += seg_len(s) + 1e-9 >= min_seconds;
  t += fmt::format("reused segments (>= {:.1f} s): {} pair(s)\n", min_seconds, n);
  for (const auto& s : rep.segments) {
    if (seg_len(s) + 1e-9 < min_seconds) continue;
    t += fmt::format("  {} [{:.2f}, {:.2f}) s  ~  {} [{:.2f}, {:.2f}) s  score {:.3f}\n", ids[s.a], s.a_start_s,
                     s.a_end_s, ids[s.b], s.b_start_s, s.b_end_s, s.score);
  }
  return t;
}

}  // namespace reelscale::duplicates
