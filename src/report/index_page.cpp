#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "export/text_escape.hpp"
#include "report/pages.hpp"

namespace reelscale::report {

IndexRow index_row(const exports::AssetDoc& d) {
  IndexRow r;
  r.id = d.id, r.path = d.path, r.status = d.status, r.error = d.error;
  r.duration_s = d.duration_s, r.frames = d.frames;
  r.scenes = std::int64_t(d.scenes.size());
  r.breaks = std::int64_t(d.commercial_breaks.size());
  const auto& j = d.json;
  const int vs = j.value("video_stream", -1);
  if (auto s = j.find("streams"); s != j.end() && s->is_array())
    for (const auto& st : *s)
      if (st.value("index", -2) == vs || (r.codec.empty() && &st == &s->front())) r.codec = st.value("codec", "");
  if (auto l = j.find("loudness"); l != j.end() && l->is_object()) {
    auto v = l->find("integrated_lufs");
    if (v != l->end() && v->is_number() && v->get<double>() > -70 && j.value("audio", nlohmann::json::object()).value("stream", 0) >= 0)
      r.lufs = v->get<double>(), r.has_lufs = true;
  }
  if (auto f = j.find("faces"); f != j.end()) {
    if (f->is_array()) r.faces = std::int64_t(f->size());
    else if (f->is_object())
      for (const char* k : {"tracks", "identities", "faces"})
        if (auto a = f->find(k); a != f->end() && a->is_array()) { r.faces = std::int64_t(a->size()); break; }
  }
  r.wall_s = j.value("wall_s", 0.0);
  return r;
}

RunSummary summarise(const std::vector<IndexRow>& rows) {
  RunSummary s;
  for (const auto& r : rows) {
    ++s.assets;
    s.ok += r.status == "ok";
    s.damaged += r.status == "damaged";
    s.error += r.status == "error";
    s.frames += r.frames;
    s.media_s += r.duration_s;
    s.wall_s += r.wall_s;
  }
  return s;
}

std::string assets_js(const std::vector<IndexRow>& rows) {
  std::string out = "window.REELSCALE_ASSETS=[\n";
  for (const auto& r : rows) {
    nlohmann::json a = nlohmann::json::array(
        {r.id, r.path, r.status, r.error, std::round(r.duration_s * 1000) / 1000, r.codec,
         r.has_lufs ? nlohmann::json(std::round(r.lufs * 10) / 10) : nlohmann::json(nullptr), r.scenes, r.breaks,
         r.faces < 0 ? nlohmann::json(nullptr) : nlohmann::json(r.faces), r.frames});
    out += a.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += ",\n";
  }
  return out + "];\n";
}

std::string index_page(const RunSummary& s, bool search) {
  const double fps = s.wall_s > 0 ? double(s.frames) / s.wall_s : 0;
  const double xrt = s.wall_s > 0 ? s.media_s / s.wall_s : 0;
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>reelscale report</title>"
                  "<link rel=\"stylesheet\" href=\"report.css\"></head><body>\n<h1>reelscale run report</h1>\n";
  if (search) h += "<p><a href=\"search.html\">Search names, text and transcripts</a></p>\n";
  h += "<div class=\"summary\" id=\"summary\">";
  auto card = [&](const char* id, const std::string& label, const std::string& value) {
    h += fmt::format("<div class=\"card\" id=\"{}\"><b>{}</b>{}</div>", id, value, label);
  };
  card("sum-assets", "assets", std::to_string(s.assets));
  card("sum-ok", "ok", std::to_string(s.ok));
  card("sum-damaged", "damaged", std::to_string(s.damaged));
  card("sum-error", "error", std::to_string(s.error));
  card("sum-hours", "hours of media", fmt::format("{:.2f}", s.media_s / 3600));
  card("sum-frames", "frames", std::to_string(s.frames));
  card("sum-wall", s.wall_from_status ? "wall time (s)" : "asset wall time, sum (s)", fmt::format("{:.1f}", s.wall_s));
  card("sum-fps", "frames/s", fmt::format("{:.0f}", fps));
  card("sum-xrt", "x real time", fmt::format("{:.1f}", xrt));
  h += "</div>\n<div class=\"controls\"><input id=\"filter\" type=\"search\" placeholder=\"filter: path, error, codec, id\">"
       "<select id=\"status\"><option value=\"\">all statuses</option><option>error</option><option>damaged</option>"
       "<option>ok</option></select><button id=\"prev\">&lt;</button><button id=\"next\">&gt;</button>"
       "<span id=\"pageinfo\"></span></div>\n<table id=\"assets\"><thead><tr>"
       "<th data-k=\"1\">path</th><th data-k=\"2\">status</th><th data-k=\"3\">error</th><th data-k=\"4\">duration</th>"
       "<th data-k=\"5\">codec</th><th data-k=\"6\">LUFS</th><th data-k=\"7\">scenes</th><th data-k=\"8\">breaks</th>"
       "<th data-k=\"9\">faces</th><th data-k=\"10\">frames</th></tr></thead><tbody id=\"rows\"></tbody></table>\n"
       "<p class=\"mono\">Default order: errors first, then damaged, then ok; click a column to sort. "
       "Static report: works from file://, no network.</p>\n"
       "<script src=\"assets.js\"></script><script src=\"report.js\"></script>\n</body></html>\n";
  return h;
}

}  // namespace reelscale::report
