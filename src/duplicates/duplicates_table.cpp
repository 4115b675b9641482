#include "duplicates/duplicates_table.hpp"

#include "duplicates/report_json.hpp"

namespace reelscale::duplicates {

record::Table duplicates_table(const DuplicateReport& rep, std::span<const std::string> ids,
                               std::span<const std::pair<double, double>> spans, double min_seconds) {
  std::vector<std::string> asset, other, kind;
  std::vector<double> start, end, other_start, other_end, score;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    for (const auto& e : sidecar_entries(rep, ids, spans, i, min_seconds)) {
      asset.push_back(ids[i]);
      other.push_back(e["asset"].get<std::string>());
      kind.push_back(e["kind"].get<std::string>());
      start.push_back(e["start"].get<double>());
      end.push_back(e["end"].get<double>());
      other_start.push_back(e["other_start"].get<double>());
      other_end.push_back(e["other_end"].get<double>());
      score.push_back(e["score"].get<double>());
    }
  }
  record::Table t;
  t.name = "duplicates";
  t.columns = {{"asset", "", 1, asset},           {"other", "", 1, other},
               {"kind", "", 1, kind},             {"start", "s", 1, start},
               {"end", "s", 1, end},              {"other_start", "s", 1, other_start},
               {"other_end", "s", 1, other_end},  {"score", "", 1, score}};
  return t;
}

}  // namespace reelscale::duplicates
