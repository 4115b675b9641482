#include "eval/truth.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace reelscale::eval {
namespace {

using nlohmann::json;

std::int64_t get_int(const json& obj, const char* key, const char* what) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number())
    throw std::runtime_error(std::string(what) + ": missing or non-numeric \"" + key + "\"");
  return it->get<std::int64_t>();
}

void sort_boundaries(std::vector<Boundary>& v) {
  std::stable_sort(v.begin(), v.end(), [](const Boundary& a, const Boundary& b) {
    return a.start != b.start ? a.start < b.start : a.end < b.end;
  });
}

json read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot open " + file.string());
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw std::runtime_error(file.string() + ": " + e.what());
  }
}

}  // namespace

const char* to_string(BoundaryClass c) { return c == BoundaryClass::cut ? "cut" : "gradual"; }

BoundaryClass class_of(const std::string& type) {
  return (type == "cut" || type == "hard") ? BoundaryClass::cut : BoundaryClass::gradual;
}

double parse_rate(const std::string& s) {
  if (s.empty()) return 0;
  char* end = nullptr;
  double num = std::strtod(s.c_str(), &end);
  if (end == s.c_str()) return 0;
  if (*end == '/') {
    const char* den_s = end + 1;
    double den = std::strtod(den_s, &end);
    if (end == den_s || den <= 0) return 0;
    return num / den;
  }
  return num;
}

TruthFile parse_truth(const json& doc) {
  if (!doc.is_object()) throw std::runtime_error("truth: not a JSON object");
  TruthFile t;
  if (auto it = doc.find("video"); it != doc.end() && it->is_string())
    t.video = it->get<std::string>();
  else
    throw std::runtime_error("truth: missing \"video\"");
  if (auto it = doc.find("frames"); it != doc.end() && it->is_number()) t.frames = it->get<std::int64_t>();
  if (auto it = doc.find("fps"); it != doc.end()) {
    if (it->is_string())
      t.fps_text = it->get<std::string>();
    else if (it->is_number())
      t.fps_text = it->dump();
    t.fps = parse_rate(t.fps_text);
  }
  auto tr = doc.find("transitions");
  if (tr == doc.end() || !tr->is_array()) throw std::runtime_error("truth: missing \"transitions\" array");
  for (const auto& e : *tr) {
    if (!e.is_object() || !e.contains("type") || !e["type"].is_string())
      throw std::runtime_error("truth: transition without \"type\"");
    Boundary b;
    const auto type = e["type"].get<std::string>();
    b.cls = class_of(type);
    if (b.cls == BoundaryClass::cut) {
      b.kind = "cut";
      b.start = b.end = e.contains("frame") ? get_int(e, "frame", "truth cut") : get_int(e, "start", "truth cut");
    } else {
      b.kind = e.contains("kind") && e["kind"].is_string() ? e["kind"].get<std::string>() : type;
      b.start = get_int(e, "start", "truth gradual");
      b.end = get_int(e, "end", "truth gradual");
      if (b.end < b.start) std::swap(b.start, b.end);
    }
    t.transitions.push_back(std::move(b));
  }
  sort_boundaries(t.transitions);
  if (auto sc = doc.find("scenes"); sc != doc.end() && sc->is_array()) {
    for (const auto& e : *sc) {
      if (!e.is_object() || !e.contains("label") || !e["label"].is_string()) continue;
      if (e["label"].get<std::string>() != "slate") continue;
      t.slates.emplace_back(get_int(e, "start", "truth scene"), get_int(e, "end", "truth scene"));
    }
  }
  return t;
}

TruthFile load_truth(const std::filesystem::path& file) {
  try {
    return parse_truth(read_json(file));
  } catch (const std::runtime_error& e) {
    const std::string msg = e.what();
    if (msg.rfind(file.string(), 0) == 0) throw;
    throw std::runtime_error(file.string() + ": " + msg);
  }
}

Detections parse_detections(const json& doc) {
  if (!doc.is_object()) throw std::runtime_error("sidecar: not a JSON object");
  Detections d;
  if (auto it = doc.find("path"); it != doc.end() && it->is_string()) d.path = it->get<std::string>();
  if (auto it = doc.find("frames"); it != doc.end() && it->is_number()) d.frames = it->get<std::int64_t>();
  if (auto it = doc.find("transitions"); it != doc.end() && it->is_array()) {
    for (const auto& e : *it) {
      if (!e.is_object() || !e.contains("type") || !e["type"].is_string())
        throw std::runtime_error("sidecar: transition without \"type\"");
      Boundary b;
      b.kind = e["type"].get<std::string>();
      b.cls = class_of(b.kind);
      if (e.contains("start")) {
        b.start = get_int(e, "start", "sidecar transition");
        b.end = e.contains("end") ? get_int(e, "end", "sidecar transition") : b.start;
      } else {
        b.start = b.end = get_int(e, "frame", "sidecar transition");
      }
      if (b.end < b.start) std::swap(b.start, b.end);
      d.transitions.push_back(std::move(b));
    }
  }
  if (auto it = doc.find("selected_frames"); it != doc.end() && it->is_array()) {
    std::vector<std::int64_t> frames;
    for (const auto& e : *it) {
      if (e.is_number())
        frames.push_back(e.get<std::int64_t>());
      else if (e.is_object() && e.contains("frame") && e["frame"].is_number())
        frames.push_back(e["frame"].get<std::int64_t>());
    }
    std::sort(frames.begin(), frames.end());
    d.selected_frames = std::move(frames);
  }
  sort_boundaries(d.transitions);
  return d;
}

Detections load_detections(const std::filesystem::path& file) {
  try {
    return parse_detections(read_json(file));
  } catch (const std::runtime_error& e) {
    const std::string msg = e.what();
    if (msg.rfind(file.string(), 0) == 0) throw;
    throw std::runtime_error(file.string() + ": " + msg);
  }
}

}  // namespace reelscale::eval
