#include "export/asset_doc.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace reelscale::exports {
namespace fs = std::filesystem;
namespace {

FrameSpan span_of(const nlohmann::json& o) {
  return {o.value("start", std::int64_t{0}), o.value("end", std::int64_t{0})};
}

const nlohmann::json& array_or_empty(const nlohmann::json& j, const char* key) {
  static const nlohmann::json empty = nlohmann::json::array();
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : empty;
}

double number_or(const nlohmann::json& j, const char* key, double fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

/// Rate and picture size of the analysed video stream.
void read_video_stream(const nlohmann::json& j, AssetDoc& d) {
  const int vs = j.value("video_stream", -1);
  Rate r{0, 1};
  for (const auto& s : array_or_empty(j, "streams")) {
    if (s.value("index", -2) != vs) continue;
    r = parse_rate(s.value("avg_frame_rate", std::string{}));
    if (r.num <= 0) r = parse_rate(s.value("r_frame_rate", std::string{}));
    d.width = s.value("width", 0);
    d.height = s.value("height", 0);
  }
  d.rate = r.num > 0 ? r : rate_from_fps(number_or(j, "fps", 25.0));
}

void read_spans(const nlohmann::json& j, AssetDoc& d) {
  for (const auto& s : array_or_empty(j, "shots")) d.shots.push_back(span_of(s));
  for (const auto& s : array_or_empty(j, "scenes"))
    d.scenes.push_back({span_of(s), s.value("keyframe", std::int64_t{-1})});
  for (const auto& s : array_or_empty(j, "transitions"))
    d.transitions.push_back({s.value("type", std::string{}), span_of(s)});
  for (const auto& s : array_or_empty(j, "cues")) d.cues.push_back({s.value("type", std::string{}), span_of(s)});
  for (const auto& s : array_or_empty(j, "commercial_breaks")) d.commercial_breaks.push_back(span_of(s));
  for (const auto& s : array_or_empty(j, "insertion_points"))
    d.insertion_points.push_back({s.value("frame", std::int64_t{0}), number_or(s, "time_s", 0), number_or(s, "score", 0)});
  for (const auto& s : array_or_empty(j, "silences"))
    d.silences.push_back({number_or(s, "start_s", 0), number_or(s, "end_s", 0)});
}

}  // namespace

AssetDoc asset_from_sidecar(nlohmann::json j, const std::string& origin) {
  try {
    AssetDoc d;
    d.id = j.at("id").get<std::string>();
    d.path = j.at("path").get<std::string>();
    d.status = j.at("status").get<std::string>();
    d.error = j.value("error", std::string{});
    d.frames = j.value("frames", std::int64_t{0});
    d.duration_s = number_or(j, "duration_s", 0);
    read_video_stream(j, d);
    d.timecode = j.value("timecode", std::string{});
    if (!d.timecode.empty()) {
      try {
        d.tc_start = timecode_to_frames(d.timecode, d.rate);
      } catch (const std::invalid_argument&) {
        d.tc_start = 0;  // unreadable timecode tag: count from 00:00:00:00
      }
    }
    read_spans(j, d);
    d.json = std::move(j);
    return d;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("sidecar '" + origin + "': " + e.what());
  }
}

AssetDoc read_sidecar(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open sidecar '" + file.string() + "'");
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("sidecar '" + file.string() + "' is not valid JSON: " + e.what());
  }
  return asset_from_sidecar(std::move(j), file.string());
}

std::vector<fs::path> sidecar_files(const fs::path& out) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(out / "assets", ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".json" && it->is_regular_file(ec)) files.push_back(it->path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace reelscale::exports
