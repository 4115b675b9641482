#include "fulltext/sidecar_tables.hpp"

#include <fstream>
#include <map>

namespace reelscale::fulltext {

std::optional<record::Table> table_from_json_array(const std::string& name, const nlohmann::json& a) {
  if (!a.is_array() || a.empty()) return std::nullopt;
  std::map<std::string, int> kind;  // 1 string, 2 number, -1 unusable
  for (const auto& o : a) {
    if (!o.is_object()) return std::nullopt;
    for (const auto& [k, v] : o.items()) {
      const int t = v.is_string() ? 1 : v.is_number() ? 2 : -1;
      auto [it, fresh] = kind.emplace(k, t);
      if (!fresh && it->second != t) it->second = -1;
    }
  }
  record::Table t{name, {}};
  for (const auto& [k, t_kind] : kind) {
    if (t_kind < 0) continue;
    bool all = true;
    for (const auto& o : a) all = all && o.contains(k);
    if (!all) continue;
    if (t_kind == 1) {
      std::vector<std::string> v;
      for (const auto& o : a) v.push_back(o[k].get<std::string>());
      t.columns.push_back({k, "", 1, std::move(v)});
    } else {
      std::vector<double> v;
      for (const auto& o : a) v.push_back(o[k].get<double>());
      t.columns.push_back({k, "", 1, std::move(v)});
    }
  }
  if (t.columns.empty()) return std::nullopt;
  return t;
}

TableSource sidecar_table_source(const std::filesystem::path& out_dir) {
  return [out_dir](const std::string& id, const std::string& name) -> std::optional<record::Table> {
    std::ifstream f(out_dir / "assets" / (id + ".json"));
    if (!f) return std::nullopt;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(f);
    } catch (const nlohmann::json::exception&) {
      return std::nullopt;
    }
    const auto member = [&](std::initializer_list<const char*> path) -> const nlohmann::json* {
      const nlohmann::json* p = &j;
      for (const char* k : path) {
        if (!p->is_object() || !p->contains(k)) return nullptr;
        p = &(*p)[k];
      }
      return p;
    };
    const nlohmann::json* a = nullptr;
    if (name == "transcript") a = member({"speech", "transcript"});
    else if (name == "text") a = member({"text"});
    else if (name == "identities") (a = member({"faces", "identities"})) || (a = member({"identities"}));
    return a ? table_from_json_array(name, *a) : std::nullopt;
  };
}

}  // namespace reelscale::fulltext
