#include "catalog/audio_catalog.hpp"
#include "catalog/detail/audio_groups.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/json_sidecar.hpp"

namespace reelscale::catalog {

using nlohmann::json;

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t a = 0;
  while (a < s.size()) {
    std::size_t b = s.find(',', a);
    if (b == std::string::npos) b = s.size();
    if (b > a) out.push_back(s.substr(a, b - a));
    a = b + 1;
  }
  return out;
}

template <class T>
T value_or(const json& j, const char* key, T fallback) {
  auto it = j.find(key);
  return it != j.end() && !it->is_null() ? it->get<T>() : fallback;
}

}  // namespace

void add_audio_json(json& j, const AssetRecord& rec) {
  const AudioAnalysis& a = rec.audio;
  j["audio"] = {{"stream", a.stream},
                {"channels", a.channels},
                {"sample_rate", a.sample_rate},
                {"samples", a.samples},
                {"start_s", a.start_s},
                {"decode_errors", a.decode_errors},
                {"warning", sanitize_utf8(a.warning)},
                {"series_rate_hz", a.series_rate_hz},
                {"silence_threshold_lufs", a.silence_threshold_lufs}};
  j["loudness"] = {{"integrated_lufs", a.loudness.integrated_lufs},
                   {"lra_lu", a.loudness.lra_lu},
                   {"true_peak_dbtp", a.loudness.true_peak_dbtp},
                   {"sample_peak_dbfs", a.loudness.sample_peak_dbfs}};
  json sil = json::array();
  for (const Silence& s : a.silences) sil.push_back({{"start_s", s.start_s}, {"end_s", s.end_s}});
  j["silences"] = std::move(sil);

  const AdBreaks& b = rec.ad_breaks;
  j["ad_breaks"] = {{"break_interval_s", b.break_interval_s}, {"break_offset_s", b.break_offset_s}};
  json pts = json::array();
  for (const InsertionPoint& p : b.insertion_points)
    pts.push_back(
        {{"frame", p.frame}, {"time_s", p.time_s}, {"score", p.score}, {"mark_s", p.mark_s}, {"reasons", p.reasons}});
  j["insertion_points"] = std::move(pts);
  json cb = json::array();
  for (const CommercialBreak& c : b.commercial_breaks)
    cb.push_back({{"start", c.start_frame},
                  {"end", c.end_frame},
                  {"start_s", c.start_s},
                  {"end_s", c.end_s},
                  {"slates", c.slate_frames}});
  j["commercial_breaks"] = std::move(cb);
}

void read_audio_json(const json& j, AssetRecord& rec) {
  AudioAnalysis& a = rec.audio;
  if (auto it = j.find("audio"); it != j.end() && it->is_object()) {
    a.stream = value_or(*it, "stream", a.stream);
    a.channels = value_or(*it, "channels", a.channels);
    a.sample_rate = value_or(*it, "sample_rate", a.sample_rate);
    a.samples = value_or(*it, "samples", a.samples);
    a.start_s = value_or(*it, "start_s", a.start_s);
    a.decode_errors = value_or(*it, "decode_errors", a.decode_errors);
    a.warning = value_or(*it, "warning", a.warning);
    a.series_rate_hz = value_or(*it, "series_rate_hz", a.series_rate_hz);
    a.silence_threshold_lufs = value_or(*it, "silence_threshold_lufs", a.silence_threshold_lufs);
  }
  if (auto it = j.find("loudness"); it != j.end() && it->is_object()) {
    a.loudness.integrated_lufs = value_or(*it, "integrated_lufs", a.loudness.integrated_lufs);
    a.loudness.lra_lu = value_or(*it, "lra_lu", a.loudness.lra_lu);
    a.loudness.true_peak_dbtp = value_or(*it, "true_peak_dbtp", a.loudness.true_peak_dbtp);
    a.loudness.sample_peak_dbfs = value_or(*it, "sample_peak_dbfs", a.loudness.sample_peak_dbfs);
  }
  if (auto it = j.find("silences"); it != j.end() && it->is_array())
    for (const json& s : *it) a.silences.push_back({s.at("start_s").get<double>(), s.at("end_s").get<double>()});
  AdBreaks& b = rec.ad_breaks;
  if (auto it = j.find("ad_breaks"); it != j.end() && it->is_object()) {
    b.break_interval_s = value_or(*it, "break_interval_s", b.break_interval_s);
    b.break_offset_s = value_or(*it, "break_offset_s", b.break_offset_s);
  }
  if (auto it = j.find("insertion_points"); it != j.end() && it->is_array())
    for (const json& p : *it) {
      InsertionPoint x;
      x.frame = p.at("frame").get<std::int64_t>();
      x.time_s = value_or(p, "time_s", 0.0);
      x.score = value_or(p, "score", 0.0);
      x.mark_s = value_or(p, "mark_s", 0.0);
      x.reasons = value_or(p, "reasons", std::vector<std::string>{});
      b.insertion_points.push_back(std::move(x));
    }
  if (auto it = j.find("commercial_breaks"); it != j.end() && it->is_array())
    for (const json& c : *it) {
      CommercialBreak x;
      x.start_frame = c.at("start").get<std::int64_t>();
      x.end_frame = c.at("end").get<std::int64_t>();
      x.start_s = value_or(c, "start_s", 0.0);
      x.end_s = value_or(c, "end_s", 0.0);
      x.slate_frames = value_or(c, "slates", std::vector<std::int64_t>{});
      b.commercial_breaks.push_back(std::move(x));
    }
}

namespace schema {
namespace {

using h5::Datatype;
using h5::Loc;
using h5::Member;

constexpr std::size_t kChunk = 16384;

struct SilenceRec {
  double start_s, end_s;
};
struct PointRec {
  std::int64_t frame;
  double time_s, score, mark_s;
  const char* reasons;
};
struct BreakRec {
  std::int64_t start_frame, end_frame;
  double start_s, end_s;
  std::int64_t first_slate, slates;
};

template <class T>
Member num(const char* name, std::size_t offset) {
  return {name, offset, h5::native_type<T>(), h5::file_type<T>()};
}

struct Types {
  Datatype mem, file;
};
Types make_types(std::size_t size, const std::vector<Member>& m, const Loc& w) {
  return {h5::compound_mem_type(size, m, w), h5::compound_file_type(m, w)};
}
Types silence_types(const Loc& w) {
  return make_types(
      sizeof(SilenceRec),
      {num<double>("start_s", offsetof(SilenceRec, start_s)), num<double>("end_s", offsetof(SilenceRec, end_s))}, w);
}
Types point_types(const Loc& w) {
  Datatype str = h5::vlen_string_type(false, w);
  return make_types(sizeof(PointRec),
                    {num<std::int64_t>("frame", offsetof(PointRec, frame)),
                     num<double>("time_s", offsetof(PointRec, time_s)),
                     num<double>("score", offsetof(PointRec, score)),
                     num<double>("mark_s", offsetof(PointRec, mark_s)),
                     {"reasons", offsetof(PointRec, reasons), str.get(), str.get()}},
                    w);
}
Types break_types(const Loc& w) {
  return make_types(
      sizeof(BreakRec),
      {num<std::int64_t>("start_frame", offsetof(BreakRec, start_frame)),
       num<std::int64_t>("end_frame", offsetof(BreakRec, end_frame)),
       num<double>("start_s", offsetof(BreakRec, start_s)), num<double>("end_s", offsetof(BreakRec, end_s)),
       num<std::int64_t>("first_slate", offsetof(BreakRec, first_slate)),
       num<std::int64_t>("slates", offsetof(BreakRec, slates))},
      w);
}

template <class Rec>
std::vector<Rec> read_recs(const Loc& g, const char* name, const Types& t) {
  const std::size_t n = h5::dataset_rows(g, name);
  std::vector<Rec> v(n);
  h5::read_compound(g, name, t.mem.get(), v.data(), n);
  return v;
}

}  // namespace

void write_audio_groups(const Loc& asset, const AssetRecord& rec) {
  {
    const AudioAnalysis& a = rec.audio;
    h5::Group grp = h5::create_group(asset, "audio");
    const Loc g{grp.get(), asset.file, asset.child("audio")};
    h5::write_attr<std::int32_t>(g, "stream", a.stream);
    h5::write_attr<std::int32_t>(g, "channels", a.channels);
    h5::write_attr<std::int32_t>(g, "sample_rate", a.sample_rate);
    h5::write_attr<std::int64_t>(g, "samples", a.samples);
    h5::write_attr<double>(g, "start_s", a.start_s);
    h5::write_attr<std::int64_t>(g, "decode_errors", a.decode_errors);
    h5::write_attr_string(g, "warning", a.warning, /*raw_bytes=*/true);
    h5::write_attr<double>(g, "series_rate_hz", a.series_rate_hz);
    h5::write_attr<double>(g, "silence_threshold_lufs", a.silence_threshold_lufs);
    h5::write_attr<double>(g, "integrated_lufs", a.loudness.integrated_lufs);
    h5::write_attr<double>(g, "lra_lu", a.loudness.lra_lu);
    h5::write_attr<double>(g, "true_peak_dbtp", a.loudness.true_peak_dbtp);
    h5::write_attr<double>(g, "sample_peak_dbfs", a.loudness.sample_peak_dbfs);
    h5::write_array(g, "momentary", a.momentary_lufs.data(), a.momentary_lufs.size(), 0, h5::Filter::shuffle_deflate,
                    kChunk);
    h5::write_array(g, "short_term", a.short_term_lufs.data(), a.short_term_lufs.size(), 0, h5::Filter::shuffle_deflate,
                    kChunk);
    Types t = silence_types(g);
    std::vector<SilenceRec> v;
    for (const Silence& s : a.silences) v.push_back({s.start_s, s.end_s});
    h5::write_compound(g, "silences", t.mem.get(), t.file.get(), v.data(), v.size());
  }
  {
    const AdBreaks& b = rec.ad_breaks;
    h5::Group grp = h5::create_group(asset, "ad_breaks");
    const Loc g{grp.get(), asset.file, asset.child("ad_breaks")};
    h5::write_attr<double>(g, "break_interval_s", b.break_interval_s);
    h5::write_attr<double>(g, "break_offset_s", b.break_offset_s);
    std::vector<std::string> reasons;
    for (const InsertionPoint& p : b.insertion_points) reasons.push_back(join(p.reasons));
    std::vector<PointRec> pv;
    for (std::size_t i = 0; i < b.insertion_points.size(); ++i) {
      const InsertionPoint& p = b.insertion_points[i];
      pv.push_back({p.frame, p.time_s, p.score, p.mark_s, reasons[i].c_str()});
    }
    Types pt = point_types(g);
    h5::write_compound(g, "insertion_points", pt.mem.get(), pt.file.get(), pv.data(), pv.size());
    std::vector<BreakRec> bv;
    std::vector<std::int64_t> slates;
    for (const CommercialBreak& c : b.commercial_breaks) {
      bv.push_back({c.start_frame, c.end_frame, c.start_s, c.end_s, std::int64_t(slates.size()),
                    std::int64_t(c.slate_frames.size())});
      slates.insert(slates.end(), c.slate_frames.begin(), c.slate_frames.end());
    }
    Types bt = break_types(g);
    h5::write_compound(g, "commercial_breaks", bt.mem.get(), bt.file.get(), bv.data(), bv.size());
    h5::write_array(g, "slate_frames", slates.data(), slates.size(), 0, h5::Filter::none, kChunk);
  }
}

void read_audio_groups(const Loc& asset, AssetRecord& rec) {
  if (h5::link_exists(asset, "audio")) {
    AudioAnalysis& a = rec.audio;
    h5::Group grp = h5::open_group(asset, "audio");
    const Loc g{grp.get(), asset.file, asset.child("audio")};
    a.stream = h5::read_attr<std::int32_t>(g, "stream", -1);
    a.channels = h5::read_attr<std::int32_t>(g, "channels", 0);
    a.sample_rate = h5::read_attr<std::int32_t>(g, "sample_rate", 48000);
    a.samples = h5::read_attr<std::int64_t>(g, "samples", 0);
    a.start_s = h5::read_attr<double>(g, "start_s", 0.0);
    a.decode_errors = h5::read_attr<std::int64_t>(g, "decode_errors", 0);
    a.warning = h5::read_attr_string(g, "warning", "");
    a.series_rate_hz = h5::read_attr<double>(g, "series_rate_hz", 10.0);
    a.silence_threshold_lufs = h5::read_attr<double>(g, "silence_threshold_lufs", -50.0);
    a.loudness.integrated_lufs = h5::read_attr<double>(g, "integrated_lufs", -70.0);
    a.loudness.lra_lu = h5::read_attr<double>(g, "lra_lu", 0.0);
    a.loudness.true_peak_dbtp = h5::read_attr<double>(g, "true_peak_dbtp", -70.0);
    a.loudness.sample_peak_dbfs = h5::read_attr<double>(g, "sample_peak_dbfs", -70.0);
    if (h5::link_exists(g, "momentary")) a.momentary_lufs = h5::read_array<float>(g, "momentary", 0);
    if (h5::link_exists(g, "short_term")) a.short_term_lufs = h5::read_array<float>(g, "short_term", 0);
    if (h5::link_exists(g, "silences"))
      for (const auto& r : read_recs<SilenceRec>(g, "silences", silence_types(g)))
        a.silences.push_back({r.start_s, r.end_s});
  }
  if (h5::link_exists(asset, "ad_breaks")) {
    AdBreaks& b = rec.ad_breaks;
    h5::Group grp = h5::open_group(asset, "ad_breaks");
    const Loc g{grp.get(), asset.file, asset.child("ad_breaks")};
    b.break_interval_s = h5::read_attr<double>(g, "break_interval_s", 0.0);
    b.break_offset_s = h5::read_attr<double>(g, "break_offset_s", 0.0);
    if (h5::link_exists(g, "insertion_points")) {
      Types t = point_types(g);
      auto recs = read_recs<PointRec>(g, "insertion_points", t);
      struct Reclaim {
        hid_t t;
        std::vector<PointRec>& v;
        ~Reclaim() { h5::reclaim_vlen(t, v.data(), v.size()); }
      } reclaim{t.mem.get(), recs};
      for (const auto& r : recs) {
        InsertionPoint p;
        p.frame = r.frame;
        p.time_s = r.time_s;
        p.score = r.score;
        p.mark_s = r.mark_s;
        p.reasons = split(h5::from_c(r.reasons));
        b.insertion_points.push_back(std::move(p));
      }
    }
    std::vector<std::int64_t> slates;
    if (h5::link_exists(g, "slate_frames")) slates = h5::read_array<std::int64_t>(g, "slate_frames", 0);
    if (h5::link_exists(g, "commercial_breaks"))
      for (const auto& r : read_recs<BreakRec>(g, "commercial_breaks", break_types(g))) {
        CommercialBreak c;
        c.start_frame = r.start_frame;
        c.end_frame = r.end_frame;
        c.start_s = r.start_s;
        c.end_s = r.end_s;
        for (std::int64_t k = r.first_slate; k >= 0 && k < r.first_slate + r.slates && std::size_t(k) < slates.size();
             ++k)
          c.slate_frames.push_back(slates[std::size_t(k)]);
        b.commercial_breaks.push_back(std::move(c));
      }
  }
}

}  // namespace schema
}  // namespace reelscale::catalog
