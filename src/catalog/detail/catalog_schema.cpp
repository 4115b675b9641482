#include "catalog/detail/catalog_schema.hpp"
#include "catalog/detail/audio_groups.hpp"
#include "catalog/detail/scene_groups.hpp"
#include "catalog/detail/table_io.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "catalog/audio_catalog.hpp"
#include "catalog/json_sidecar.hpp"
#include "catalog/scene_catalog.hpp"
#include "reelscale/kernels/frame_kernels.hpp"

namespace reelscale::catalog::schema {

namespace {

using h5::Datatype;
using h5::Loc;
using h5::Member;

constexpr std::size_t kHist = kernels::kHsvBins;
constexpr std::size_t kThumb = std::size_t(kernels::kThumbSide) * kernels::kThumbSide;

// Compression of the per-frame series, measured on documentary_h264.mp4 (986
// frames, real 16x16 thumbnails and 64-px HSV histograms; bytes stored, write ms):
//   none 817 KB 2.6 ms | deflate(1) 209 KB 14 ms | shuffle+deflate(1) 255 KB 19 ms.
// The sparse, quantised histograms compress 1.7x better without shuffle and the
// uint8 thumbnails gain nothing from it; the small 1-D float/double columns gain
// 10-50% from shuffle. So: deflate(1) for the 2-D arrays, shuffle+deflate(1) for
// the 1-D columns. Either costs ~15 ms per 1000 frames, negligible next to decode.
constexpr h5::Filter kArrayFilter = h5::Filter::deflate;
constexpr h5::Filter kColumnFilter = h5::Filter::shuffle_deflate;
constexpr std::size_t kChunk1D = 16384;    // rows per chunk of 1-D columns (64-128 KiB)
constexpr std::size_t kChunkHist = 512;    // 512 x 128 x 4 B = 256 KiB
constexpr std::size_t kChunkThumb = 1024;  // 1024 x 256 B = 256 KiB

// ---- in-memory records of the compound datasets ----
struct ShotRec {
  std::int64_t start_frame, end_frame;
  double start_s, end_s;
};
struct TransitionRec {
  const char* type;
  std::int64_t start_frame, end_frame;
  float score;
};
struct CueRec {
  const char* type;
  std::int64_t start_frame, end_frame;
};
struct SelectedRec {
  std::int64_t frame;
  double pts_s;
  std::int32_t shot, group;
  float laplacian_var;
  std::uint64_t phash;
};
struct TableRec {
  const char* id;
  const char* path;
  std::uint64_t size;
  std::int64_t mtime_ns;
  const char* md5;
  const char* sha256;
  const char* status;
  const char* error;
  std::int64_t frames;
  double duration_s;
  const char* container;
  const char* video_codec;
  std::int32_t width, height;
  double fps;
};

/// Memory and file compound types of one record kind, plus the string types they use.
struct Types {
  Datatype mem, file;
};

template <class T>
Member num(const char* name, std::size_t offset) {
  return {name, offset, h5::native_type<T>(), h5::file_type<T>()};
}

Types make_types(std::size_t size, const std::vector<Member>& members, const Loc& where) {
  return {h5::compound_mem_type(size, members, where), h5::compound_file_type(members, where)};
}

Types shot_types(const Loc& w) {
  return make_types(
      sizeof(ShotRec),
      {num<std::int64_t>("start_frame", offsetof(ShotRec, start_frame)),
       num<std::int64_t>("end_frame", offsetof(ShotRec, end_frame)), num<double>("start_s", offsetof(ShotRec, start_s)),
       num<double>("end_s", offsetof(ShotRec, end_s))},
      w);
}

Types transition_types(const Loc& w) {
  Datatype str = h5::vlen_string_type(false, w);
  return make_types(sizeof(TransitionRec),
                    {{"type", offsetof(TransitionRec, type), str.get(), str.get()},
                     num<std::int64_t>("start_frame", offsetof(TransitionRec, start_frame)),
                     num<std::int64_t>("end_frame", offsetof(TransitionRec, end_frame)),
                     num<float>("score", offsetof(TransitionRec, score))},
                    w);
}

Types cue_types(const Loc& w) {
  Datatype str = h5::vlen_string_type(false, w);
  return make_types(sizeof(CueRec),
                    {{"type", offsetof(CueRec, type), str.get(), str.get()},
                     num<std::int64_t>("start_frame", offsetof(CueRec, start_frame)),
                     num<std::int64_t>("end_frame", offsetof(CueRec, end_frame))},
                    w);
}

Types selected_types(const Loc& w) {
  return make_types(
      sizeof(SelectedRec),
      {num<std::int64_t>("frame", offsetof(SelectedRec, frame)), num<double>("pts_s", offsetof(SelectedRec, pts_s)),
       num<std::int32_t>("shot", offsetof(SelectedRec, shot)), num<std::int32_t>("group", offsetof(SelectedRec, group)),
       num<float>("laplacian_var", offsetof(SelectedRec, laplacian_var)),
       num<std::uint64_t>("phash", offsetof(SelectedRec, phash))},
      w);
}

Types table_types(const Loc& w) {
  Datatype raw = h5::vlen_string_type(true, w);   // path, error: arbitrary bytes
  Datatype utf = h5::vlen_string_type(false, w);  // everything else
  const auto s = [&](const char* name, std::size_t off, const Datatype& t) {
    return Member{name, off, t.get(), t.get()};
  };
  return make_types(
      sizeof(TableRec),
      {s("id", offsetof(TableRec, id), utf), s("path", offsetof(TableRec, path), raw),
       num<std::uint64_t>("size", offsetof(TableRec, size)),
       num<std::int64_t>("mtime_ns", offsetof(TableRec, mtime_ns)), s("md5", offsetof(TableRec, md5), utf),
       s("sha256", offsetof(TableRec, sha256), utf), s("status", offsetof(TableRec, status), utf),
       s("error", offsetof(TableRec, error), raw), num<std::int64_t>("frames", offsetof(TableRec, frames)),
       num<double>("duration_s", offsetof(TableRec, duration_s)), s("container", offsetof(TableRec, container), utf),
       s("video_codec", offsetof(TableRec, video_codec), utf), num<std::int32_t>("width", offsetof(TableRec, width)),
       num<std::int32_t>("height", offsetof(TableRec, height)), num<double>("fps", offsetof(TableRec, fps))},
      w);
}

/// Reads a compound dataset into `Rec` records, converts each with `conv`, and
/// frees HDF5's variable-length strings (even when `conv` throws).
template <class Rec, class Out, class Conv>
std::vector<Out> read_records(const Loc& group, const std::string& name, const Types& types, Conv conv) {
  const std::size_t n = h5::dataset_rows(group, name);
  std::vector<Rec> recs(n);
  h5::read_compound(group, name, types.mem.get(), recs.data(), n);
  struct Reclaim {
    hid_t t;
    std::vector<Rec>& v;
    ~Reclaim() { h5::reclaim_vlen(t, v.data(), v.size()); }
  } reclaim{types.mem.get(), recs};
  std::vector<Out> out;
  out.reserve(n);
  for (const Rec& r : recs) out.push_back(conv(r));
  return out;
}

void check_len(const char* column, std::size_t got, std::size_t want) {
  if (got != want)
    throw std::invalid_argument(std::string("FrameSeries column '") + column + "' has " + std::to_string(got) +
                                " values, expected " + std::to_string(want));
}

void write_series(const Loc& frames, const FrameSeries& s) {
  const std::size_t n = s.size();
  h5::write_array(frames, "pts_s", s.pts_s.data(), n, 0, kColumnFilter, kChunk1D);
  h5::write_array(frames, "phash", s.phash.data(), n, 0, kColumnFilter, kChunk1D);
  h5::write_array(frames, "laplacian_var", s.laplacian_var.data(), n, 0, kColumnFilter, kChunk1D);
  h5::write_array(frames, "black_fraction", s.black_fraction.data(), n, 0, kColumnFilter, kChunk1D);
  h5::write_array(frames, "mean_luma", s.mean_luma.data(), n, 0, kColumnFilter, kChunk1D);
  h5::write_array(frames, "content_diff", s.content_diff.data(), n, 0, kColumnFilter, kChunk1D);
  h5::write_array(frames, "hsv_hist", s.hsv_hist.data(), n, kHist, kArrayFilter, kChunkHist);
  h5::write_array(frames, "thumb", s.thumb.data(), n, kThumb, kArrayFilter, kChunkThumb);
}

FrameSeries read_series(const Loc& frames) {
  FrameSeries s;
  s.pts_s = h5::read_array<double>(frames, "pts_s", 0);
  const std::size_t n = s.pts_s.size();
  const auto col = [&](auto& v, const char* name, std::size_t cols) {
    using T = typename std::remove_reference_t<decltype(v)>::value_type;
    v = h5::read_array<T>(frames, name, cols);
    if (v.size() != n * std::max<std::size_t>(cols, 1))
      throw std::runtime_error("HDF5: dataset '" + frames.child(name) + "' in '" + frames.file->string() +
                               "' has a different row count than pts_s");
  };
  col(s.phash, "phash", 0);
  col(s.laplacian_var, "laplacian_var", 0);
  col(s.black_fraction, "black_fraction", 0);
  col(s.mean_luma, "mean_luma", 0);
  col(s.content_diff, "content_diff", 0);
  col(s.hsv_hist, "hsv_hist", kHist);
  col(s.thumb, "thumb", kThumb);
  return s;
}

void write_shots(const Loc& g, const ShotAnalysis& a) {
  {
    Types t = shot_types(g);
    std::vector<ShotRec> v;
    v.reserve(a.shots.size());
    for (const Shot& s : a.shots) v.push_back({s.start_frame, s.end_frame, s.start_s, s.end_s});
    h5::write_compound(g, "shots", t.mem.get(), t.file.get(), v.data(), v.size());
  }
  {
    Types t = transition_types(g);
    std::vector<TransitionRec> v;
    v.reserve(a.transitions.size());
    for (const Transition& x : a.transitions) v.push_back({x.type.c_str(), x.start_frame, x.end_frame, x.score});
    h5::write_compound(g, "transitions", t.mem.get(), t.file.get(), v.data(), v.size());
  }
  {
    Types t = cue_types(g);
    std::vector<CueRec> v;
    v.reserve(a.cues.size());
    for (const Cue& x : a.cues) v.push_back({x.type.c_str(), x.start_frame, x.end_frame});
    h5::write_compound(g, "cues", t.mem.get(), t.file.get(), v.data(), v.size());
  }
  {
    Types t = selected_types(g);
    std::vector<SelectedRec> v;
    v.reserve(a.selected_frames.size());
    for (const SelectedFrame& f : a.selected_frames)
      v.push_back({f.frame, f.pts_s, f.shot, f.group, f.laplacian_var, f.phash});
    h5::write_compound(g, "selected_frames", t.mem.get(), t.file.get(), v.data(), v.size());
  }
}

ShotAnalysis read_shots(const Loc& g) {
  ShotAnalysis a;
  if (h5::link_exists(g, "shots"))
    a.shots = read_records<ShotRec, Shot>(g, "shots", shot_types(g), [](const ShotRec& r) {
      return Shot{r.start_frame, r.end_frame, r.start_s, r.end_s};
    });
  if (h5::link_exists(g, "transitions"))
    a.transitions =
        read_records<TransitionRec, Transition>(g, "transitions", transition_types(g), [](const TransitionRec& r) {
          return Transition{h5::from_c(r.type), r.start_frame, r.end_frame, r.score};
        });
  if (h5::link_exists(g, "cues"))
    a.cues = read_records<CueRec, Cue>(g, "cues", cue_types(g), [](const CueRec& r) {
      return Cue{h5::from_c(r.type), r.start_frame, r.end_frame};
    });
  if (h5::link_exists(g, "selected_frames"))
    a.selected_frames =
        read_records<SelectedRec, SelectedFrame>(g, "selected_frames", selected_types(g), [](const SelectedRec& r) {
          return SelectedFrame{r.frame, r.pts_s, r.shot, r.group, r.laplacian_var, r.phash};
        });
  return a;
}

}  // namespace

void check_asset_id(const std::string& id) {
  if (id.empty() || id == "." || id == ".." || id.find('/') != std::string::npos || id.find('\0') != std::string::npos)
    throw std::invalid_argument("invalid asset id '" + id + "' (empty, '.', '..' or contains '/')");
}

void write_asset_group(const Loc& assets, const AssetRecord& rec) {
  const FrameSeries& s = rec.series;
  const std::size_t n = s.size();
  check_len("phash", s.phash.size(), n);
  check_len("laplacian_var", s.laplacian_var.size(), n);
  check_len("black_fraction", s.black_fraction.size(), n);
  check_len("mean_luma", s.mean_luma.size(), n);
  check_len("content_diff", s.content_diff.size(), n);
  check_len("hsv_hist", s.hsv_hist.size(), n * kHist);
  check_len("thumb", s.thumb.size(), n * kThumb);

  h5::Group grp = h5::create_group(assets, rec.id);
  const Loc g{grp.get(), assets.file, assets.child(rec.id)};
  h5::write_attr_string(g, "id", rec.id);
  h5::write_attr_string(g, "path", rec.path, /*raw_bytes=*/true);
  h5::write_attr<std::uint64_t>(g, "size", rec.fixity.size);
  h5::write_attr<std::int64_t>(g, "mtime_ns", rec.fixity.mtime_ns);
  h5::write_attr_string(g, "md5", rec.fixity.md5);
  h5::write_attr_string(g, "sha256", rec.fixity.sha256);
  h5::write_attr_string(g, "status", to_string(rec.status));
  h5::write_attr_string(g, "error", rec.error, /*raw_bytes=*/true);
  if (!rec.warnings.empty()) {  // ingest validation notes, one per line
    std::string w;
    for (const auto& note : rec.warnings) w += (w.empty() ? "" : "\n") + note;
    h5::write_attr_string(g, "warnings", w, /*raw_bytes=*/true);
  }
  h5::write_attr<std::int64_t>(g, "frames", rec.frames);
  h5::write_attr<std::int64_t>(g, "decode_errors", rec.decode_errors);
  h5::write_attr<double>(g, "fps", rec.fps);
  h5::write_attr<double>(g, "duration_s", rec.duration_s);
  h5::write_attr<double>(g, "wall_s", rec.wall_s);
  h5::write_attr<std::int32_t>(g, "video_stream", rec.video_stream);
  if (rec.analysis_width > 0) h5::write_attr<std::int32_t>(g, "analysis_width", rec.analysis_width);
  h5::write_attr_string(g, "technical",
                        technical_to_json(rec.tech).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  h5::write_attr_string(g, "container", rec.tech.container, /*raw_bytes=*/true);
  h5::write_attr<double>(g, "container_duration_s", rec.tech.duration_s);
  h5::write_attr<std::int64_t>(g, "bit_rate", rec.tech.bit_rate);

  h5::Group fgrp = h5::create_group(g, "frames");
  write_series(Loc{fgrp.get(), assets.file, g.child("frames")}, s);
  write_shots(g, rec.shots);
  write_audio_groups(g, rec);                  // audio/ and ad_breaks/ (catalog/audio_catalog.cpp)
  write_scene_groups(g, rec);                  // scenes, embeddings/ (catalog/scene_catalog.cpp)
  for (const record::Table& t : rec.tables) {  // plug-in analysers' tables (catalog/detail/table_io.cpp)
    if (detail::is_reserved_table_name(t.name))
      throw std::invalid_argument("asset " + rec.id + ": table name '" + t.name + "' is taken by the catalog itself");
    detail::write_table(g, t);
  }
}

AssetRecord read_asset_header(const Loc& g) {
  AssetRecord r;
  r.id = h5::read_attr_string(g, "id");
  r.path = h5::read_attr_string(g, "path");
  r.fixity.size = h5::read_attr<std::uint64_t>(g, "size");
  r.fixity.mtime_ns = h5::read_attr<std::int64_t>(g, "mtime_ns");
  r.fixity.md5 = h5::read_attr_string(g, "md5", "");
  r.fixity.sha256 = h5::read_attr_string(g, "sha256", "");
  r.status = asset_status_from_string(h5::read_attr_string(g, "status"));
  r.error = h5::read_attr_string(g, "error", "");
  for (std::string w = h5::read_attr_string(g, "warnings", ""); !w.empty();) {
    const auto nl = w.find('\n');
    r.warnings.push_back(w.substr(0, nl));
    w = nl == std::string::npos ? std::string() : w.substr(nl + 1);
  }
  r.frames = h5::read_attr<std::int64_t>(g, "frames");
  r.decode_errors = h5::read_attr<std::int64_t>(g, "decode_errors", 0);
  r.fps = h5::read_attr<double>(g, "fps", 0.0);
  r.duration_s = h5::read_attr<double>(g, "duration_s", 0.0);
  r.wall_s = h5::read_attr<double>(g, "wall_s", 0.0);
  r.video_stream = h5::read_attr<std::int32_t>(g, "video_stream", -1);
  r.analysis_width = h5::read_attr<std::int32_t>(g, "analysis_width", 0);
  const std::string tech = h5::read_attr_string(g, "technical", "");
  if (!tech.empty()) {
    try {
      r.tech = technical_from_json(nlohmann::json::parse(tech));
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error("attribute '" + g.path + "@technical' in '" + g.file->string() +
                               "' is not valid JSON: " + e.what());
    }
  }
  // The scalars are authoritative (and hold raw bytes for the container name).
  r.tech.container = h5::read_attr_string(g, "container", r.tech.container);
  r.tech.duration_s = h5::read_attr<double>(g, "container_duration_s", r.tech.duration_s);
  r.tech.bit_rate = h5::read_attr<std::int64_t>(g, "bit_rate", r.tech.bit_rate);
  return r;
}

AssetRecord read_asset_group(const Loc& g, bool with_frames) {
  AssetRecord r = read_asset_header(g);
  if (with_frames) {
    h5::Group fgrp = h5::open_group(g, "frames");
    r.series = read_series(Loc{fgrp.get(), g.file, g.child("frames")});
  }
  r.shots = read_shots(g);
  read_audio_groups(g, r);
  read_scene_groups(g, r);
  for (const std::string& name : detail::table_names(g)) r.tables.push_back(detail::read_table(g, name));
  return r;
}

void write_assets_table(const Loc& root, const std::vector<AssetTableRow>& rows) {
  Types t = table_types(root);
  std::vector<TableRec> v;
  v.reserve(rows.size());
  for (const AssetTableRow& r : rows)
    v.push_back({r.id.c_str(), r.path.c_str(), r.size, r.mtime_ns, r.md5.c_str(), r.sha256.c_str(), r.status.c_str(),
                 r.error.c_str(), r.frames, r.duration_s, r.container.c_str(), r.video_codec.c_str(), r.width, r.height,
                 r.fps});
  h5::write_compound(root, "assets_table", t.mem.get(), t.file.get(), v.data(), v.size());
}

std::vector<AssetTableRow> read_assets_table(const Loc& root) {
  return read_records<TableRec, AssetTableRow>(root, "assets_table", table_types(root), [](const TableRec& r) {
    AssetTableRow o;
    o.id = h5::from_c(r.id);
    o.path = h5::from_c(r.path);
    o.size = r.size;
    o.mtime_ns = r.mtime_ns;
    o.md5 = h5::from_c(r.md5);
    o.sha256 = h5::from_c(r.sha256);
    o.status = h5::from_c(r.status);
    o.error = h5::from_c(r.error);
    o.frames = r.frames;
    o.duration_s = r.duration_s;
    o.container = h5::from_c(r.container);
    o.video_codec = h5::from_c(r.video_codec);
    o.width = r.width;
    o.height = r.height;
    o.fps = r.fps;
    return o;
  });
}

}  // namespace reelscale::catalog::schema
