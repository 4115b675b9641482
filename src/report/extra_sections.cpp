#include <algorithm>
#include <filesystem>
#include <cstring>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "export/text_escape.hpp"
#include "report/pages.hpp"

namespace reelscale::report {
namespace {
using exports::xml_escape;
using nlohmann::json;

/// Sidecar members the asset page already shows.
const std::set<std::string>& known_keys() {
  static const std::set<std::string> k = {
      "ad_breaks", "audio", "bit_rate", "commercial_breaks", "container", "container_duration_s", "container_long",
      "cues", "decode_errors", "duration_s", "error", "fps", "frames", "id", "insertion_points", "loudness", "md5",
      "mtime_ns", "path", "scenes", "schema_version", "selected_frames", "sha256", "shots", "silences", "size",
      "status", "streams", "timecode", "transitions", "video_stream", "wall_s", "path_bytes_hex", "error_bytes_hex"};
  return k;
}

void collect_flags(const json& j, std::vector<exports::FrameSpan>& out) {
  if (j.is_array()) {
    for (const auto& x : j) collect_flags(x, out);
  } else if (j.is_object()) {
    const bool off = j.contains("flagged") && j["flagged"].is_boolean() && !j["flagged"].get<bool>();
    if (!off) {
      if (j.contains("frame") && j["frame"].is_number_integer()) out.push_back({j["frame"].get<std::int64_t>(), j["frame"].get<std::int64_t>()});
      if (j.contains("start") && j.contains("end") && j["start"].is_number_integer() && j["end"].is_number_integer())
        out.push_back({j["start"].get<std::int64_t>(), j["end"].get<std::int64_t>()});
    }
    for (const auto& [k, v] : j.items())
      if (v.is_structured()) collect_flags(v, out);
  }
}

bool is_image(const std::string& s) {
  for (const char* e : {".jpg", ".jpeg", ".png", ".webp"})
    if (s.size() > std::strlen(e) && s.compare(s.size() - std::strlen(e), std::string::npos, e) == 0) return true;
  return false;
}

bool is_media_link(const std::string& s) {
  if (is_image(s)) return true;
  for (const char* e : {".mp4", ".m3u8", ".mpd", ".webm", ".mkv", ".mov", ".vtt", ".json"})
    if (s.size() > std::strlen(e) && s.compare(s.size() - std::strlen(e), std::string::npos, e) == 0) return true;
  return false;
}

/// One cell: strings naming files under OUT become links (images inline).
std::string cell(const json& v, const std::string& out_rel, bool blur_images) {
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (is_media_link(s) && !s.empty() && s[0] != '/') {
      const std::string href = out_rel + s;
      // A blurred image gets no link to the full-size file.
      if (is_image(s) && blur_images)
        return fmt::format("<img class=\"thumb blurred\" style=\"height:48px\" src=\"{}\" alt=\"\">", xml_escape(href));
      if (is_image(s))
        return fmt::format("<a href=\"{0}\"><img class=\"thumb\" style=\"height:48px\" src=\"{0}\" alt=\"\"></a>",
                           xml_escape(href));
      return fmt::format("<a href=\"{0}\">{1}</a>", xml_escape(href), xml_escape(s));
    }
    return xml_escape(s);
  }
  if (v.is_number_float()) return fmt::format("{:.4g}", v.get<double>());
  if (v.is_array() && std::all_of(v.begin(), v.end(), [](const json& x) { return x.is_primitive(); })) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + (x.is_string() ? x.get<std::string>() : x.dump());
    return xml_escape(s.size() > 300 ? s.substr(0, 300) + "…" : s);
  }
  const std::string s = v.is_null() ? "" : v.dump();
  return xml_escape(s.size() > 300 ? s.substr(0, 300) + "…" : s);
}

/// An array of objects as a table (union of keys, first 500 rows).
std::string table(const json& a, const std::string& out_rel, const std::vector<exports::FrameSpan>& flags) {
  std::vector<std::string> cols;
  for (const auto& o : a)
    if (o.is_object())
      for (const auto& [k, v] : o.items())
        if (std::find(cols.begin(), cols.end(), k) == cols.end() && cols.size() < 14) cols.push_back(k);
  if (cols.empty()) return "<p>" + cell(a, out_rel, !flags.empty()) + "</p>";
  std::string h = "<table><tr>";
  for (const auto& c : cols) h += "<th>" + xml_escape(c) + "</th>";
  h += "</tr>";
  std::size_t n = 0;
  for (const auto& o : a) {
    if (++n > 500) break;
    // Images are blurred when the moderation section flags their frame, or when
    // anything is flagged and the row names no frame (never shown unblurred).
    bool blur = !flags.empty();
    if (o.is_object() && o.contains("frame") && o["frame"].is_number_integer()) {
      const auto f = o["frame"].get<std::int64_t>();
      blur = std::any_of(flags.begin(), flags.end(), [&](const auto& s) { return f >= s.start && f <= s.end; });
    }
    h += "<tr>";
    for (const auto& c : cols) h += "<td>" + (o.is_object() && o.contains(c) ? cell(o[c], out_rel, blur) : "") + "</td>";
    h += "</tr>";
  }
  if (a.size() > 500) h += fmt::format("<tr><td colspan=\"{}\">… {} more rows in the sidecar</td></tr>", cols.size(), a.size() - 500);
  return h + "</table>";
}

std::string section(const std::string& name, const json& v, const std::string& out_rel,
                    const std::vector<exports::FrameSpan>& flags) {
  std::string h = fmt::format("<section class=\"extra\" id=\"section-{0}\"><h2>{0}</h2>", xml_escape(name));
  if (v.is_array()) return h + table(v, out_rel, flags) + "</section>";
  std::string scalars;
  for (const auto& [k, x] : v.items())
    if (!(x.is_array() && !x.empty() && x.front().is_object()) && !x.is_object())
      scalars += "<tr><th>" + xml_escape(k) + "</th><td>" + cell(x, out_rel, !flags.empty()) + "</td></tr>";
  if (!scalars.empty()) h += "<table>" + scalars + "</table>";
  for (const auto& [k, x] : v.items()) {
    if (x.is_array() && !x.empty() && x.front().is_object())
      h += "<h3>" + xml_escape(k) + "</h3>" + table(x, out_rel, flags);
    else if (x.is_object())
      h += "<h3>" + xml_escape(k) + "</h3>" + table(json::array({x}), out_rel, flags);
  }
  return h + "</section>";
}

}  // namespace

std::vector<exports::FrameSpan> flagged_frames(const json& sidecar) {
  std::vector<exports::FrameSpan> out;
  if (auto m = sidecar.find("moderation"); m != sidecar.end()) collect_flags(*m, out);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  return out;
}

std::string extra_sections(const exports::AssetDoc& d, const std::string& out_rel) {
  const auto flags = flagged_frames(d.json);
  std::string h;
  // Known capability sections first, in this order; then anything else new.
  std::vector<std::string> order = {"faces", "text", "moderation", "outputs"};
  for (const auto& [k, v] : d.json.items())
    if (!known_keys().count(k) && std::find(order.begin(), order.end(), k) == order.end() && v.is_structured())
      order.push_back(k);
  for (const auto& k : order)
    if (auto it = d.json.find(k); it != d.json.end() && it->is_structured() && !it->empty())
      h += section(k, *it, out_rel, flags);
  return h;
}

}  // namespace reelscale::report
