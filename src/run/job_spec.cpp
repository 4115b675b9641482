#include "run/job_spec.hpp"

#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "embed/embedder_spec.hpp"

namespace reelscale::run {
namespace fs = std::filesystem;
using json = nlohmann::json;

JobSpec load_job_spec(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read job spec '" + file.string() + "'");
  json j;
  try {
    j = json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
  } catch (const std::exception& e) {
    throw std::runtime_error("job spec '" + file.string() + "' is not valid JSON: " + e.what());
  }
  if (!j.is_object()) throw std::runtime_error("job spec '" + file.string() + "' is not a JSON object");
  static const std::set<std::string> known = {"name",         "inputs",  "include",        "exclude",
                                              "out",          "threads", "analysis_width", "shots",
                                              "retry_errors", "comment", "embedder"};
  for (const auto& [k, v] : j.items())
    if (!known.count(k)) throw std::runtime_error("job spec '" + file.string() + "': unknown key '" + k + "'");

  const fs::path base = fs::absolute(file).parent_path();
  auto resolve = [&](const std::string& p) { return fs::path(p).is_absolute() ? fs::path(p) : base / p; };
  JobSpec s;
  std::string key;
  try {
    key = "name";
    s.name = j.value("name", std::string());
    key = "inputs";
    if (j.contains("inputs")) {
      const json& in_j = j["inputs"];
      if (in_j.is_string())
        s.inputs.push_back(resolve(in_j.get<std::string>()));
      else
        for (const auto& p : in_j) s.inputs.push_back(resolve(p.get<std::string>()));
    }
    key = "include";
    if (j.contains("include")) s.include = j["include"].get<std::vector<std::string>>();
    key = "exclude";
    if (j.contains("exclude")) s.exclude = j["exclude"].get<std::vector<std::string>>();
    key = "out";
    if (j.contains("out")) s.out = resolve(j["out"].get<std::string>()).lexically_normal();
    key = "threads";
    if (j.contains("threads")) s.threads = j["threads"].get<int>();
    key = "analysis_width";
    if (j.contains("analysis_width")) s.analysis_width = j["analysis_width"].get<int>();
    key = "shots";
    if (j.contains("shots")) s.shots = j["shots"].get<bool>();
    key = "embedder";
    if (j.contains("embedder")) s.embedder = j["embedder"].get<std::string>();
    key = "retry_errors";
    if (j.contains("retry_errors")) s.retry_errors = j["retry_errors"].get<bool>();
  } catch (const json::exception& e) {
    throw std::runtime_error("job spec '" + file.string() + "': bad value for '" + key + "': " + e.what());
  }
  for (auto& p : s.inputs) p = p.lexically_normal();
  if (s.embedder) {
    try {
      s.embedder = embed::resolve_embedder_spec(*s.embedder, base);
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error("job spec '" + file.string() + "': bad value for 'embedder': " + e.what());
    }
  }
  if (s.threads && *s.threads < 0) throw std::runtime_error("job spec '" + file.string() + "': threads < 0");
  return s;
}

}  // namespace reelscale::run
