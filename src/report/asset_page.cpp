#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "export/segments.hpp"
#include "export/text_escape.hpp"
#include "report/pages.hpp"
#include "report/svg.hpp"

namespace reelscale::report {
namespace {
using exports::xml_escape;
using nlohmann::json;

std::string scalar(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  if (v.is_number_float()) return fmt::format("{:.6g}", v.get<double>());
  return v.dump();
}

std::string metadata_table(const exports::AssetDoc& d) {
  const json& j = d.json;
  std::string h = "<h2>Metadata and fixity</h2><table id=\"metadata\">";
  auto row = [&](const char* k, const std::string& v) {
    h += fmt::format("<tr><th>{}</th><td class=\"mono\">{}</td></tr>", k, xml_escape(v));
  };
  row("path", d.path);
  row("status", d.status);
  if (!d.error.empty()) row("error", d.error);
  for (const char* k : {"size", "mtime_ns", "md5", "sha256", "container", "container_long", "duration_s",
                        "container_duration_s", "bit_rate", "frames", "decode_errors", "fps", "wall_s"})
    if (j.contains(k)) row(k, scalar(j[k]));
  row("frame rate", fmt::format("{}/{}", d.rate.num, d.rate.den));
  row("timecode", d.timecode.empty() ? "(none; exports start at 00:00:00:00)" : d.timecode);
  h += "</table>";
  if (auto s = j.find("streams"); s != j.end() && s->is_array() && !s->empty()) {
    const char* cols[] = {"index", "type", "codec", "profile", "width", "height", "avg_frame_rate", "field_order",
                          "pix_fmt", "color_primaries", "channels", "channel_layout", "sample_rate", "bit_rate"};
    h += "<h2>Streams</h2><table id=\"streams\"><tr>";
    for (const char* c : cols) h += fmt::format("<th>{}</th>", c);
    h += "</tr>";
    for (const auto& st : *s) {
      h += "<tr>";
      for (const char* c : cols) h += "<td>" + xml_escape(st.contains(c) ? scalar(st[c]) : "") + "</td>";
      h += "</tr>";
    }
    h += "</table>";
  }
  return h;
}

bool flagged(const std::vector<exports::FrameSpan>& f, const exports::FrameSpan& s) {
  for (const auto& x : f)
    if (x.start <= s.end && x.end >= s.start) return true;
  return false;
}

std::string filmstrip(const exports::AssetDoc& d, const std::string& out_rel) {
  if (d.scenes.empty()) return {};
  const auto flags = flagged_frames(d.json);
  std::string h = "<h2>Scene keyframes</h2><div class=\"strip\" id=\"filmstrip\">";
  for (std::size_t i = 0; i < d.scenes.size(); ++i) {
    const auto& s = d.scenes[i];
    const std::string src = fmt::format("{}keyframes/{}/{}.jpg", out_rel, d.id, i);
    const bool blur = flagged(flags, s.span);
    h += fmt::format("<figure><img loading=\"lazy\" class=\"{}\" src=\"{}\" alt=\"scene {} keyframe\">"
                     "<figcaption>Scene {} · {} · frame {}{}</figcaption></figure>",
                     blur ? "blurred" : "", src, i + 1, i + 1,
                     exports::frames_to_timecode(d.tc_start + s.span.start, d.rate), s.keyframe,
                     blur ? " · moderation flag" : "");
  }
  return h + "</div>";
}

std::string loudness_section(const exports::AssetDoc& d, const LoudnessSeries& loud) {
  const json l = d.json.value("loudness", json::object());
  if (l.empty()) return {};
  auto num = [&](const char* k) { return l.contains(k) && l[k].is_number() ? l[k].get<double>() : NAN; };
  std::string h = fmt::format(
      "<h2>Loudness</h2><p id=\"loudness-summary\">integrated {:.1f} LUFS · LRA {:.1f} LU · true peak {:.1f} dBTP · "
      "sample peak {:.1f} dBFS (ITU-R BS.1770-4 / EBU R128)</p>",
      num("integrated_lufs"), num("lra_lu"), num("true_peak_dbtp"), num("sample_peak_dbfs"));
  const std::string svg = loudness_svg(loud, num("integrated_lufs"), num("lra_lu"), d.duration_s);
  if (svg.empty()) return h + "<p>No loudness series in catalog.h5 for this asset.</p>";
  return h + svg +
         "<p class=\"legend\"><span style=\"color:#9ecae9\">momentary (400 ms)</span><span style=\"color:#1f5fa0\">"
         "short-term (3 s)</span><span style=\"color:#d62728\">integrated</span><span style=\"color:#c9a227\">"
         "loudness range</span></p>";
}

}  // namespace

std::string asset_page(const exports::AssetDoc& d, const LoudnessSeries& loud, const std::string& out_rel) {
  const std::string name = std::filesystem::path(d.path).filename().string();
  std::string h = fmt::format("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>"
                              "<link rel=\"stylesheet\" href=\"../report.css\"></head><body>\n"
                              "<p><a href=\"../index.html\">&larr; all assets</a></p><h1>{} <span class=\"status-{}\">{}</span></h1>\n",
                              xml_escape(name), xml_escape(name), xml_escape(d.status), xml_escape(d.status));
  h += metadata_table(d);
  const std::string tl = timeline_svg(d);
  if (!tl.empty()) {
    h += fmt::format("<h2>Timeline</h2><p id=\"timeline-counts\">{} shots · {} gradual transitions · {} scenes · {} cues · "
                     "{} silences · {} commercial breaks · {} insertion points</p>",
                     d.shots.size(),
                     std::count_if(d.transitions.begin(), d.transitions.end(), [](const auto& t) { return t.type != "cut"; }),
                     d.scenes.size(), d.cues.size(), d.silences.size(), d.commercial_breaks.size(), d.insertion_points.size());
    h += tl;
  }
  h += filmstrip(d, out_rel);
  h += loudness_section(d, loud);
  h += extra_sections(d, out_rel);
  return h + "\n</body></html>\n";
}

}  // namespace reelscale::report
