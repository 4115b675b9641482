#include "outputs/output_entry.hpp"

namespace reelscale::outputs {

namespace {
nlohmann::json num(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }
double num_of(const nlohmann::json& j, const char* k) {
  return j.contains(k) && j.at(k).is_number() ? j.at(k).get<double>() : NAN;
}
}  // namespace

nlohmann::json outputs_to_json(const std::vector<OutputEntry>& entries) {
  nlohmann::json a = nlohmann::json::array();
  for (const OutputEntry& e : entries) {
    nlohmann::json j{{"kind", e.kind}, {"path", e.path}, {"width", e.width}, {"height", e.height},
                     {"bit_rate", e.bit_rate}, {"duration_s", e.duration_s}, {"loudness_lufs", num(e.loudness_lufs)},
                     {"format", e.format}};
    if (std::isfinite(e.pts_s)) j["pts_s"] = e.pts_s;
    a.push_back(std::move(j));
  }
  return a;
}

std::vector<OutputEntry> outputs_from_json(const nlohmann::json& j) {
  std::vector<OutputEntry> v;
  for (const auto& e : j) {
    OutputEntry o;
    o.kind = e.at("kind").get<std::string>();
    o.path = e.at("path").get<std::string>();
    o.width = e.value("width", 0), o.height = e.value("height", 0);
    o.bit_rate = e.value("bit_rate", 0.0), o.duration_s = e.value("duration_s", 0.0);
    o.loudness_lufs = num_of(e, "loudness_lufs");
    o.format = e.value("format", "");
    o.pts_s = num_of(e, "pts_s");
    v.push_back(o);
  }
  return v;
}

}  // namespace reelscale::outputs
