#include "catalog/json_sidecar.hpp"
#include "catalog/audio_catalog.hpp"
#include "catalog/scene_catalog.hpp"
#include "util/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace reelscale::catalog {

using nlohmann::json;

namespace {

using util::hex64;
using util::parse_hex64;

/// Numbers may have been dumped as null (NaN/inf); read those back as NaN.
double get_f64(const json& j, const char* key, double fallback = 0) {
  auto it = j.find(key);
  if (it == j.end()) return fallback;
  if (it->is_null()) return std::numeric_limits<double>::quiet_NaN();
  return it->get<double>();
}

template <class T>
T get_or(const json& j, const char* key, T fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  return it->get<T>();
}

/// Stores a string that may hold arbitrary bytes: sanitized under `key`, raw hex
/// under `key`_bytes_hex when the raw bytes are not valid UTF-8.
void put_bytes(json& j, const std::string& key, const std::string& value) {
  if (is_valid_utf8(value)) {
    j[key] = value;
  } else {
    j[key] = sanitize_utf8(value);
    j[key + "_bytes_hex"] = to_hex(value);
  }
}

std::string get_bytes(const json& j, const std::string& key, bool required) {
  auto hex = j.find(key + "_bytes_hex");
  if (hex != j.end() && hex->is_string()) return from_hex(hex->get<std::string>());
  if (required) return j.at(key).get<std::string>();
  return get_or<std::string>(j, key.c_str(), "");
}

json stream_to_json(const StreamInfo& s) {
  return json{{"index", s.index},
              {"type", sanitize_utf8(s.type)},
              {"codec", sanitize_utf8(s.codec)},
              {"codec_long", sanitize_utf8(s.codec_long)},
              {"profile", sanitize_utf8(s.profile)},
              {"level", s.level},
              {"bit_rate", s.bit_rate},
              {"time_base", sanitize_utf8(s.time_base)},
              {"duration_s", s.duration_s},
              {"width", s.width},
              {"height", s.height},
              {"sar", sanitize_utf8(s.sar)},
              {"dar", sanitize_utf8(s.dar)},
              {"avg_frame_rate", sanitize_utf8(s.avg_frame_rate)},
              {"r_frame_rate", sanitize_utf8(s.r_frame_rate)},
              {"field_order", sanitize_utf8(s.field_order)},
              {"pix_fmt", sanitize_utf8(s.pix_fmt)},
              {"bit_depth", s.bit_depth},
              {"color_primaries", sanitize_utf8(s.color_primaries)},
              {"color_transfer", sanitize_utf8(s.color_transfer)},
              {"color_matrix", sanitize_utf8(s.color_matrix)},
              {"color_range", sanitize_utf8(s.color_range)},
              {"rotation_deg", s.rotation_deg},
              {"channels", s.channels},
              {"channel_layout", sanitize_utf8(s.channel_layout)},
              {"sample_rate", s.sample_rate},
              {"sample_fmt", sanitize_utf8(s.sample_fmt)}};
}

StreamInfo stream_from_json(const json& j) {
  StreamInfo s;
  s.index = get_or(j, "index", s.index);
  s.type = get_or<std::string>(j, "type", "");
  s.codec = get_or<std::string>(j, "codec", "");
  s.codec_long = get_or<std::string>(j, "codec_long", "");
  s.profile = get_or<std::string>(j, "profile", "");
  s.level = get_or(j, "level", s.level);
  s.bit_rate = get_or(j, "bit_rate", s.bit_rate);
  s.time_base = get_or<std::string>(j, "time_base", "");
  s.duration_s = get_f64(j, "duration_s");
  s.width = get_or(j, "width", 0);
  s.height = get_or(j, "height", 0);
  s.sar = get_or<std::string>(j, "sar", "");
  s.dar = get_or<std::string>(j, "dar", "");
  s.avg_frame_rate = get_or<std::string>(j, "avg_frame_rate", "");
  s.r_frame_rate = get_or<std::string>(j, "r_frame_rate", "");
  s.field_order = get_or<std::string>(j, "field_order", "");
  s.pix_fmt = get_or<std::string>(j, "pix_fmt", "");
  s.bit_depth = get_or(j, "bit_depth", 0);
  s.color_primaries = get_or<std::string>(j, "color_primaries", "");
  s.color_transfer = get_or<std::string>(j, "color_transfer", "");
  s.color_matrix = get_or<std::string>(j, "color_matrix", "");
  s.color_range = get_or<std::string>(j, "color_range", "");
  s.rotation_deg = get_f64(j, "rotation_deg");
  s.channels = get_or(j, "channels", 0);
  s.channel_layout = get_or<std::string>(j, "channel_layout", "");
  s.sample_rate = get_or(j, "sample_rate", 0);
  s.sample_fmt = get_or<std::string>(j, "sample_fmt", "");
  return s;
}

void check_id(const std::string& id) {
  if (id.empty() || id == "." || id == ".." || id.find('/') != std::string::npos || id.find('\0') != std::string::npos)
    throw std::invalid_argument("invalid asset id '" + id + "'");
}

/// Sections of the plug-in analysers as top-level members (names listed under
/// "sections"), plus "skipped", "warnings" (only when non-empty) and "stage_cpu_s".
/// @throws std::logic_error when a section's key is a built-in member.
void add_plugin_json(json& j, const AssetRecord& rec) {
  if (!rec.sections.empty()) {
    json names = json::array();
    for (const auto& [key, value] : rec.sections) {
      if (j.contains(key) || key == "sections" || key == "skipped" || key == "warnings" || key == "stage_cpu_s")
        throw std::logic_error("sidecar section '" + key + "' would replace a built-in member");
      j[key] = value;
      names.push_back(key);
    }
    j["sections"] = std::move(names);
  }
  if (!rec.skipped.empty()) {
    json sk = json::object();
    for (const auto& [key, why] : rec.skipped) sk[key] = sanitize_utf8(why);
    j["skipped"] = std::move(sk);
  }
  if (!rec.warnings.empty()) {
    json w = json::array();
    for (const auto& s : rec.warnings) w.push_back(sanitize_utf8(s));
    j["warnings"] = std::move(w);
  }
  json cpu = json::object();
  for (const auto& [stage, s] : rec.stage_cpu_s) cpu[stage] = s;
  j["stage_cpu_s"] = std::move(cpu);
}

void read_plugin_json(const json& j, AssetRecord& r) {
  if (auto it = j.find("sections"); it != j.end() && it->is_array())
    for (const json& k : *it)
      if (k.is_string() && j.contains(k.get<std::string>()))
        r.sections[k.get<std::string>()] = j.at(k.get<std::string>());
  if (auto it = j.find("skipped"); it != j.end() && it->is_object())
    for (const auto& [key, why] : it->items()) r.skipped[key] = why.is_string() ? why.get<std::string>() : why.dump();
  if (auto it = j.find("warnings"); it != j.end() && it->is_array())
    for (const json& w : *it) r.warnings.push_back(w.is_string() ? w.get<std::string>() : w.dump());
  if (auto it = j.find("stage_cpu_s"); it != j.end() && it->is_object())
    for (const auto& [stage, s] : it->items()) r.stage_cpu_s[stage] = s.is_number() ? s.get<double>() : 0.0;
}

}  // namespace

json technical_to_json(const TechnicalMetadata& tech) {
  json streams = json::array();
  for (const StreamInfo& s : tech.streams) streams.push_back(stream_to_json(s));
  return json{{"container", sanitize_utf8(tech.container)},
              {"container_long", sanitize_utf8(tech.container_long)},
              {"duration_s", tech.duration_s},
              {"bit_rate", tech.bit_rate},
              {"timecode", sanitize_utf8(tech.timecode)},
              {"streams", std::move(streams)}};
}

TechnicalMetadata technical_from_json(const json& j) {
  TechnicalMetadata t;
  t.container = get_or<std::string>(j, "container", "");
  t.container_long = get_or<std::string>(j, "container_long", "");
  t.duration_s = get_f64(j, "duration_s");
  t.bit_rate = get_or<std::int64_t>(j, "bit_rate", 0);
  t.timecode = get_or<std::string>(j, "timecode", "");
  if (auto it = j.find("streams"); it != j.end() && it->is_array())
    for (const json& s : *it) t.streams.push_back(stream_from_json(s));
  return t;
}

json to_json(const AssetRecord& rec) {
  json j;
  j["schema_version"] = kJsonSchemaVersion;
  j["id"] = sanitize_utf8(rec.id);
  put_bytes(j, "path", rec.path);
  j["size"] = rec.fixity.size;
  j["mtime_ns"] = rec.fixity.mtime_ns;
  j["md5"] = sanitize_utf8(rec.fixity.md5);
  j["sha256"] = sanitize_utf8(rec.fixity.sha256);
  j["status"] = to_string(rec.status);
  put_bytes(j, "error", rec.error);
  j["frames"] = rec.frames;
  j["decode_errors"] = rec.decode_errors;
  j["fps"] = rec.fps;
  if (rec.analysis_width > 0) j["analysis_width"] = rec.analysis_width;
  j["duration_s"] = rec.duration_s;
  j["wall_s"] = rec.wall_s;
  j["video_stream"] = rec.video_stream;
  const json tech = technical_to_json(rec.tech);
  j["container"] = tech["container"];
  j["container_long"] = tech["container_long"];
  j["container_duration_s"] = tech["duration_s"];
  j["bit_rate"] = tech["bit_rate"];
  j["timecode"] = tech["timecode"];
  j["streams"] = tech["streams"];

  json transitions = json::array();
  for (const Transition& t : rec.shots.transitions)
    transitions.push_back(
        {{"type", sanitize_utf8(t.type)}, {"start", t.start_frame}, {"end", t.end_frame}, {"score", t.score}});
  json shots = json::array();
  for (const Shot& s : rec.shots.shots)
    shots.push_back({{"start", s.start_frame}, {"end", s.end_frame}, {"start_s", s.start_s}, {"end_s", s.end_s}});
  json cues = json::array();
  for (const Cue& c : rec.shots.cues)
    cues.push_back({{"type", sanitize_utf8(c.type)}, {"start", c.start_frame}, {"end", c.end_frame}});
  json selected = json::array();
  for (const SelectedFrame& f : rec.shots.selected_frames)
    selected.push_back({{"frame", f.frame},
                        {"pts_s", f.pts_s},
                        {"shot", f.shot},
                        {"group", f.group},
                        {"laplacian_var", f.laplacian_var},
                        {"phash", hex64(f.phash)}});
  j["transitions"] = std::move(transitions);
  j["shots"] = std::move(shots);
  j["cues"] = std::move(cues);
  j["selected_frames"] = std::move(selected);
  add_audio_json(j, rec);   // loudness, silences, insertion_points, commercial_breaks (catalog/audio_catalog.cpp)
  add_scenes_json(j, rec);  // scenes (catalog/scene_catalog.cpp)
  add_plugin_json(j, rec);  // plug-in analysers' sections, skipped, warnings, stage_cpu_s
  return j;
}

AssetRecord asset_from_json(const json& j) {
  AssetRecord r;
  r.id = j.at("id").get<std::string>();
  r.path = get_bytes(j, "path", true);
  r.fixity.size = get_or<std::uint64_t>(j, "size", 0);
  r.fixity.mtime_ns = get_or<std::int64_t>(j, "mtime_ns", 0);
  r.fixity.md5 = get_or<std::string>(j, "md5", "");
  r.fixity.sha256 = get_or<std::string>(j, "sha256", "");
  r.status = asset_status_from_string(j.at("status").get<std::string>());
  r.error = get_bytes(j, "error", false);
  r.frames = get_or<std::int64_t>(j, "frames", 0);
  r.decode_errors = get_or<std::int64_t>(j, "decode_errors", 0);
  r.fps = get_f64(j, "fps");
  r.analysis_width = int(get_or<std::int64_t>(j, "analysis_width", 0));
  r.duration_s = get_f64(j, "duration_s");
  r.wall_s = get_f64(j, "wall_s");
  r.video_stream = get_or(j, "video_stream", -1);
  r.tech.container = get_or<std::string>(j, "container", "");
  r.tech.container_long = get_or<std::string>(j, "container_long", "");
  r.tech.duration_s = get_f64(j, "container_duration_s");
  r.tech.bit_rate = get_or<std::int64_t>(j, "bit_rate", 0);
  r.tech.timecode = get_or<std::string>(j, "timecode", "");
  if (auto it = j.find("streams"); it != j.end() && it->is_array())
    for (const json& s : *it) r.tech.streams.push_back(stream_from_json(s));

  if (auto it = j.find("transitions"); it != j.end() && it->is_array())
    for (const json& t : *it) {
      Transition x;
      x.type = get_or<std::string>(t, "type", "");
      x.start_frame = t.at("start").get<std::int64_t>();
      x.end_frame = t.at("end").get<std::int64_t>();
      x.score = static_cast<float>(get_f64(t, "score"));
      r.shots.transitions.push_back(std::move(x));
    }
  if (auto it = j.find("shots"); it != j.end() && it->is_array())
    for (const json& s : *it) {
      Shot x;
      x.start_frame = s.at("start").get<std::int64_t>();
      x.end_frame = s.at("end").get<std::int64_t>();
      x.start_s = get_f64(s, "start_s");
      x.end_s = get_f64(s, "end_s");
      r.shots.shots.push_back(x);
    }
  if (auto it = j.find("cues"); it != j.end() && it->is_array())
    for (const json& c : *it) {
      Cue x;
      x.type = get_or<std::string>(c, "type", "");
      x.start_frame = c.at("start").get<std::int64_t>();
      x.end_frame = c.at("end").get<std::int64_t>();
      r.shots.cues.push_back(std::move(x));
    }
  if (auto it = j.find("selected_frames"); it != j.end() && it->is_array())
    for (const json& f : *it) {
      SelectedFrame x;
      x.frame = f.at("frame").get<std::int64_t>();
      x.pts_s = get_f64(f, "pts_s");
      x.shot = get_or(f, "shot", 0);
      x.group = get_or(f, "group", 0);
      x.laplacian_var = static_cast<float>(get_f64(f, "laplacian_var"));
      const json& ph = f.at("phash");
      x.phash = ph.is_string() ? parse_hex64(ph.get<std::string>()) : ph.get<std::uint64_t>();
      r.shots.selected_frames.push_back(x);
    }
  read_audio_json(j, r);
  read_scenes_json(j, r);
  read_plugin_json(j, r);
  return r;
}

void write_json_sidecar(const std::filesystem::path& out_dir, const AssetRecord& rec) {
  check_id(rec.id);
  const std::filesystem::path dir = out_dir / "assets";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create folder '" + dir.string() + "': " + ec.message());
  const std::filesystem::path target = dir / (rec.id + ".json");

  const std::string text = to_json(rec).dump(2, ' ', false, json::error_handler_t::replace) + "\n";

  util::write_file_atomic(target, text);
}

AssetRecord read_json_sidecar(const std::filesystem::path& out_dir, const std::string& id) {
  check_id(id);
  const std::filesystem::path p = out_dir / "assets" / (id + ".json");
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open JSON sidecar '" + p.string() + "'");
  try {
    const json j = json::parse(in);
    return asset_from_json(j);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot parse JSON sidecar '" + p.string() + "': " + e.what());
  }
}

}  // namespace reelscale::catalog
