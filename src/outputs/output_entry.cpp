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

record::Table outputs_table(const std::vector<OutputEntry>& entries) {
  std::vector<std::string> kind, path, format;
  std::vector<std::int64_t> w, h;
  std::vector<double> rate, dur, lufs, pts;
  for (const OutputEntry& e : entries) {
    kind.push_back(e.kind), path.push_back(e.path), format.push_back(e.format);
    w.push_back(e.width), h.push_back(e.height);
    rate.push_back(e.bit_rate), dur.push_back(e.duration_s), lufs.push_back(e.loudness_lufs), pts.push_back(e.pts_s);
  }
  record::Table t{"outputs", {}};
  t.columns = {{"kind", "", 1, kind},          {"path", "", 1, path},        {"format", "", 1, format},
               {"width", "px", 1, w},          {"height", "px", 1, h},       {"bit_rate", "bit/s", 1, rate},
               {"duration_s", "s", 1, dur},    {"loudness_lufs", "LUFS", 1, lufs}, {"pts_s", "s", 1, pts}};
  return t;
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
