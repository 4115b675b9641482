// Catalog I/O: catalog.h5 round trips, /assets_table, H5Ocopy merge, crash
// safety, error messages, JSON sidecars.

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "catalog/catalog_reader.hpp"
#include "catalog/catalog_writer.hpp"
#include "catalog/json_sidecar.hpp"
#include "record/asset_record.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace reelscale;
using namespace reelscale::catalog;

namespace {

constexpr std::size_t kHist = kernels::kHsvBins;
constexpr std::size_t kThumb = std::size_t(kernels::kThumbSide) * kernels::kThumbSide;

StreamInfo video_stream_info() {
  StreamInfo s;
  s.index = 0;
  s.type = "video";
  s.codec = "h264";
  s.codec_long = "H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10";
  s.profile = "High";
  s.level = 40;
  s.bit_rate = 4'500'000;
  s.time_base = "1/12800";
  s.duration_s = 40.04;
  s.width = 1920;
  s.height = 1080;
  s.sar = "1:1";
  s.dar = "16:9";
  s.avg_frame_rate = "25/1";
  s.r_frame_rate = "25/1";
  s.field_order = "progressive";
  s.pix_fmt = "yuv420p";
  s.bit_depth = 8;
  s.color_primaries = "bt709";
  s.color_transfer = "bt709";
  s.color_matrix = "bt709";
  s.color_range = "tv";
  s.rotation_deg = -90;
  return s;
}

StreamInfo audio_stream_info() {
  StreamInfo s;
  s.index = 1;
  s.type = "audio";
  s.codec = "aac";
  s.codec_long = "AAC (Advanced Audio Coding)";
  s.profile = "LC";
  s.bit_rate = 128'000;
  s.time_base = "1/48000";
  s.duration_s = 40.0;
  s.channels = 2;
  s.channel_layout = "stereo";
  s.sample_rate = 48000;
  s.sample_fmt = "fltp";
  return s;
}

/// A full video asset with `n` frames of deterministic values.
AssetRecord video_asset(const std::string& id, std::size_t n) {
  AssetRecord r;
  r.id = id;
  r.path = "/archive/tapes/" + id + ".mp4";
  r.fixity = {123'456'789ULL, 1'700'000'000'123'456'789LL, "0123456789abcdef0123456789abcdef", std::string(64, 'a')};
  r.tech.container = "mov,mp4,m4a,3gp,3g2,mj2";
  r.tech.container_long = "QuickTime / MOV";
  r.tech.duration_s = 40.04;
  r.tech.bit_rate = 4'700'000;
  r.tech.timecode = "01:00:00:00";
  r.tech.streams = {video_stream_info(), audio_stream_info()};
  r.status = AssetStatus::damaged;
  r.error = "decode: Invalid data found when processing input";
  r.video_stream = 0;
  r.frames = std::int64_t(n);
  r.decode_errors = 3;
  r.fps = 25.0;
  r.duration_s = 40.04;
  r.wall_s = 1.25;
  FrameSeries& s = r.series;
  for (std::size_t i = 0; i < n; ++i) {
    s.pts_s.push_back(i == 7 ? std::numeric_limits<double>::quiet_NaN() : double(i) / 25.0 + 1e-9);
    s.phash.push_back(0x9E3779B97F4A7C15ULL * (i + 1));
    s.laplacian_var.push_back(float(i) * 1.5f + 0.25f);
    s.black_fraction.push_back(float(i % 100) / 100.0f);
    s.mean_luma.push_back(float(i % 256));
    s.content_diff.push_back(i == 0 ? 0.0f : float((i * 37) % 1000) / 1000.0f);
    for (std::size_t b = 0; b < kHist; ++b) s.hsv_hist.push_back(float((i + b) % 17) / 17.0f);
    for (std::size_t p = 0; p < kThumb; ++p) s.thumb.push_back(std::uint8_t((i * 3 + p) & 0xFF));
  }
  r.shots.transitions = {{"cut", 100, 100, 0.9f}, {"dissolve", 400, 424, 0.55f}, {"fade", 700, 712, 0.3f}};
  r.shots.shots = {{0, 99, 0.0, 4.0}, {100, 399, 4.0, 16.0}, {400, 699, 16.0, 28.0}, {700, 999, 28.0, 40.0}};
  r.shots.cues = {{"black", 0, 5}, {"fade_out", 690, 699}, {"colour_bars", 950, 999}};
  r.shots.selected_frames = {{10, 0.4, 0, 0, 123.5f, 0xFFFFFFFFFFFFFFFFULL},
                             {250, 10.0, 1, 0, 88.0f, 0x8000000000000001ULL},
                             {260, 10.4, 1, 1, 77.25f, 42}};
  return r;
}

/// An unusable file: zero frames, no streams, error status.
AssetRecord error_asset() {
  AssetRecord r;
  r.id = "00000000deadbeef";
  r.path = "/archive/empty.mp4";
  r.fixity = {0, 5, "d41d8cd98f00b204e9800998ecf8427e",
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"};
  r.status = AssetStatus::error;
  r.error = "open: Invalid data found when processing input";
  return r;
}

/// A path with spaces, quotes, a newline, a tab, valid non-ASCII and invalid UTF-8.
std::string nasty_path() {
  return std::string("/archive/odd dir/it's \"quoted\"\nline2\tx \xC3\xA9t\xC3\xA9 \xFF\xFE bad \xC0\xAF.mov");
}

void expect_same_double(double a, double b, const char* what) {
  if (std::isnan(a) || std::isnan(b))
    EXPECT_TRUE(std::isnan(a) && std::isnan(b)) << what;
  else
    EXPECT_EQ(a, b) << what;
}

void expect_same_stream(const StreamInfo& a, const StreamInfo& b) {
  EXPECT_EQ(a.index, b.index);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.codec, b.codec);
  EXPECT_EQ(a.codec_long, b.codec_long);
  EXPECT_EQ(a.profile, b.profile);
  EXPECT_EQ(a.level, b.level);
  EXPECT_EQ(a.bit_rate, b.bit_rate);
  EXPECT_EQ(a.time_base, b.time_base);
  EXPECT_EQ(a.duration_s, b.duration_s);
  EXPECT_EQ(a.width, b.width);
  EXPECT_EQ(a.height, b.height);
  EXPECT_EQ(a.sar, b.sar);
  EXPECT_EQ(a.dar, b.dar);
  EXPECT_EQ(a.avg_frame_rate, b.avg_frame_rate);
  EXPECT_EQ(a.r_frame_rate, b.r_frame_rate);
  EXPECT_EQ(a.field_order, b.field_order);
  EXPECT_EQ(a.pix_fmt, b.pix_fmt);
  EXPECT_EQ(a.bit_depth, b.bit_depth);
  EXPECT_EQ(a.color_primaries, b.color_primaries);
  EXPECT_EQ(a.color_transfer, b.color_transfer);
  EXPECT_EQ(a.color_matrix, b.color_matrix);
  EXPECT_EQ(a.color_range, b.color_range);
  EXPECT_EQ(a.rotation_deg, b.rotation_deg);
  EXPECT_EQ(a.channels, b.channels);
  EXPECT_EQ(a.channel_layout, b.channel_layout);
  EXPECT_EQ(a.sample_rate, b.sample_rate);
  EXPECT_EQ(a.sample_fmt, b.sample_fmt);
}

/// Every field except the per-frame series.
void expect_same_header(const AssetRecord& a, const AssetRecord& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.path, b.path);
  EXPECT_EQ(a.fixity.size, b.fixity.size);
  EXPECT_EQ(a.fixity.mtime_ns, b.fixity.mtime_ns);
  EXPECT_EQ(a.fixity.md5, b.fixity.md5);
  EXPECT_EQ(a.fixity.sha256, b.fixity.sha256);
  EXPECT_EQ(a.tech.container, b.tech.container);
  EXPECT_EQ(a.tech.container_long, b.tech.container_long);
  EXPECT_EQ(a.tech.duration_s, b.tech.duration_s);
  EXPECT_EQ(a.tech.bit_rate, b.tech.bit_rate);
  EXPECT_EQ(a.tech.timecode, b.tech.timecode);
  ASSERT_EQ(a.tech.streams.size(), b.tech.streams.size());
  for (std::size_t i = 0; i < a.tech.streams.size(); ++i) expect_same_stream(a.tech.streams[i], b.tech.streams[i]);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.error, b.error);
  EXPECT_EQ(a.video_stream, b.video_stream);
  EXPECT_EQ(a.frames, b.frames);
  EXPECT_EQ(a.decode_errors, b.decode_errors);
  EXPECT_EQ(a.fps, b.fps);
  EXPECT_EQ(a.duration_s, b.duration_s);
  EXPECT_EQ(a.wall_s, b.wall_s);

  const ShotAnalysis& x = a.shots;
  const ShotAnalysis& y = b.shots;
  ASSERT_EQ(x.transitions.size(), y.transitions.size());
  for (std::size_t i = 0; i < x.transitions.size(); ++i) {
    EXPECT_EQ(x.transitions[i].type, y.transitions[i].type);
    EXPECT_EQ(x.transitions[i].start_frame, y.transitions[i].start_frame);
    EXPECT_EQ(x.transitions[i].end_frame, y.transitions[i].end_frame);
    EXPECT_EQ(x.transitions[i].score, y.transitions[i].score);
  }
  ASSERT_EQ(x.shots.size(), y.shots.size());
  for (std::size_t i = 0; i < x.shots.size(); ++i) {
    EXPECT_EQ(x.shots[i].start_frame, y.shots[i].start_frame);
    EXPECT_EQ(x.shots[i].end_frame, y.shots[i].end_frame);
    EXPECT_EQ(x.shots[i].start_s, y.shots[i].start_s);
    EXPECT_EQ(x.shots[i].end_s, y.shots[i].end_s);
  }
  ASSERT_EQ(x.cues.size(), y.cues.size());
  for (std::size_t i = 0; i < x.cues.size(); ++i) {
    EXPECT_EQ(x.cues[i].type, y.cues[i].type);
    EXPECT_EQ(x.cues[i].start_frame, y.cues[i].start_frame);
    EXPECT_EQ(x.cues[i].end_frame, y.cues[i].end_frame);
  }
  ASSERT_EQ(x.selected_frames.size(), y.selected_frames.size());
  for (std::size_t i = 0; i < x.selected_frames.size(); ++i) {
    EXPECT_EQ(x.selected_frames[i].frame, y.selected_frames[i].frame);
    expect_same_double(x.selected_frames[i].pts_s, y.selected_frames[i].pts_s, "selected pts_s");
    EXPECT_EQ(x.selected_frames[i].shot, y.selected_frames[i].shot);
    EXPECT_EQ(x.selected_frames[i].group, y.selected_frames[i].group);
    EXPECT_EQ(x.selected_frames[i].laplacian_var, y.selected_frames[i].laplacian_var);
    EXPECT_EQ(x.selected_frames[i].phash, y.selected_frames[i].phash);
  }
}

void expect_same_series(const FrameSeries& a, const FrameSeries& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) expect_same_double(a.pts_s[i], b.pts_s[i], "pts_s");
  EXPECT_EQ(a.phash, b.phash);
  EXPECT_EQ(a.laplacian_var, b.laplacian_var);
  EXPECT_EQ(a.black_fraction, b.black_fraction);
  EXPECT_EQ(a.mean_luma, b.mean_luma);
  EXPECT_EQ(a.content_diff, b.content_diff);
  EXPECT_EQ(a.hsv_hist, b.hsv_hist);
  EXPECT_EQ(a.thumb, b.thumb);
}

void expect_same_asset(const AssetRecord& a, const AssetRecord& b) {
  expect_same_header(a, b);
  expect_same_series(a.series, b.series);
}

}  // namespace

TEST(CatalogStatus, RoundTripsNames) {
  for (AssetStatus s : {AssetStatus::ok, AssetStatus::damaged, AssetStatus::error})
    EXPECT_EQ(asset_status_from_string(to_string(s)), s);
  EXPECT_STREQ(to_string(AssetStatus::damaged), "damaged");
  EXPECT_THROW(asset_status_from_string("fine"), std::invalid_argument);
}

TEST(CatalogHdf5, FullRoundTrip) {
  const fs::path dir = reelscale::testing::scratch_dir("catalog_rt");
  const fs::path h5 = dir / "catalog.h5";

  AssetRecord big = video_asset("a1b2c3d4e5f60718", 1000);
  AssetRecord err = error_asset();
  AssetRecord odd = video_asset("ffffeeeeddddcccc", 3);
  odd.path = nasty_path();
  odd.error = std::string("cannot open \"") + nasty_path() + "\": \xFF";
  odd.status = AssetStatus::ok;
  odd.shots = {};
  {
    CatalogWriter w(h5);
    w.write_asset(big);
    w.write_asset(err);
    w.write_asset(odd);
    EXPECT_EQ(w.asset_ids(), (std::vector<std::string>{big.id, err.id, odd.id}));
    w.close();
    w.close();  // idempotent
  }

  const std::vector<std::string> ids = list_asset_ids(h5);
  EXPECT_EQ(ids, (std::vector<std::string>{err.id, big.id, odd.id}));  // sorted

  expect_same_asset(big, read_asset(h5, big.id));
  expect_same_asset(err, read_asset(h5, err.id));
  expect_same_asset(odd, read_asset(h5, odd.id));

  // Without frames: header and shots only.
  AssetRecord light = read_asset(h5, big.id, /*with_frames=*/false);
  expect_same_header(big, light);
  EXPECT_EQ(light.series.size(), 0u);
  EXPECT_TRUE(light.series.thumb.empty());

  CatalogReader reader(h5);
  EXPECT_EQ(reader.schema_version(), 1);
  EXPECT_TRUE(reader.has_asset(err.id));
  EXPECT_FALSE(reader.has_asset("0000000000000000"));
  EXPECT_THROW(reader.read_asset("0000000000000000"), std::runtime_error);
}

TEST(CatalogHdf5, AssetsTableRows) {
  const fs::path h5 = reelscale::testing::scratch_dir("catalog_table") / "catalog.h5";
  AssetRecord big = video_asset("a1b2c3d4e5f60718", 10);
  AssetRecord err = error_asset();
  AssetRecord odd = video_asset("ffffeeeeddddcccc", 0);
  odd.path = nasty_path();
  odd.error = "\xFF\n\"";
  {
    CatalogWriter w(h5);
    w.write_asset(big);
    w.write_asset(err);
    w.write_asset(odd);
  }  // destructor closes and writes the table
  const std::vector<AssetTableRow> rows = read_assets_table(h5);
  ASSERT_EQ(rows.size(), 3u);
  const AssetTableRow& r = rows[0];
  EXPECT_EQ(r.id, big.id);
  EXPECT_EQ(r.path, big.path);
  EXPECT_EQ(r.size, big.fixity.size);
  EXPECT_EQ(r.mtime_ns, big.fixity.mtime_ns);
  EXPECT_EQ(r.md5, big.fixity.md5);
  EXPECT_EQ(r.sha256, big.fixity.sha256);
  EXPECT_EQ(r.status, "damaged");
  EXPECT_EQ(r.error, big.error);
  EXPECT_EQ(r.frames, 10);
  EXPECT_EQ(r.duration_s, big.duration_s);
  EXPECT_EQ(r.container, big.tech.container);
  EXPECT_EQ(r.video_codec, "h264");
  EXPECT_EQ(r.width, 1920);
  EXPECT_EQ(r.height, 1080);
  EXPECT_EQ(r.fps, 25.0);
  EXPECT_EQ(rows[1].id, err.id);
  EXPECT_EQ(rows[1].status, "error");
  EXPECT_EQ(rows[1].video_codec, "");
  EXPECT_EQ(rows[1].width, 0);
  EXPECT_EQ(rows[1].frames, 0);
  EXPECT_EQ(rows[2].path, nasty_path());
  EXPECT_EQ(rows[2].error, odd.error);
}

TEST(CatalogHdf5, EmptyCatalogHasEmptyTable) {
  const fs::path h5 = reelscale::testing::scratch_dir("catalog_empty") / "catalog.h5";
  { CatalogWriter w(h5); }
  EXPECT_TRUE(list_asset_ids(h5).empty());
  EXPECT_TRUE(read_assets_table(h5).empty());
}

TEST(CatalogHdf5, SecondWriterTruncates) {
  const fs::path h5 = reelscale::testing::scratch_dir("catalog_trunc") / "catalog.h5";
  {
    CatalogWriter w(h5);
    w.write_asset(video_asset("1111111111111111", 5));
    w.write_asset(error_asset());
  }
  ASSERT_EQ(list_asset_ids(h5).size(), 2u);
  {
    CatalogWriter w(h5);
    w.write_asset(video_asset("2222222222222222", 2));
  }
  EXPECT_EQ(list_asset_ids(h5), std::vector<std::string>{"2222222222222222"});
  EXPECT_EQ(read_assets_table(h5).size(), 1u);
}

TEST(CatalogHdf5, RejectsDuplicatesAndBadSeries) {
  const fs::path h5 = reelscale::testing::scratch_dir("catalog_dup") / "catalog.h5";
  CatalogWriter w(h5);
  AssetRecord a = video_asset("3333333333333333", 4);
  w.write_asset(a);
  try {
    w.write_asset(a);
    FAIL() << "duplicate id accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("3333333333333333"), std::string::npos) << e.what();
  }
  AssetRecord bad = video_asset("4444444444444444", 4);
  bad.series.thumb.pop_back();
  EXPECT_THROW(w.write_asset(bad), std::invalid_argument);
  AssetRecord noid = video_asset("", 1);
  EXPECT_THROW(w.write_asset(noid), std::invalid_argument);
  AssetRecord slash = video_asset("a/b", 1);
  EXPECT_THROW(w.write_asset(slash), std::invalid_argument);
  w.close();
  EXPECT_EQ(list_asset_ids(h5), std::vector<std::string>{"3333333333333333"});
  EXPECT_THROW(w.write_asset(video_asset("5555555555555555", 1)), std::runtime_error);
}

TEST(CatalogHdf5, NonHdf5FileThrowsNamingFile) {
  const fs::path dir = reelscale::testing::scratch_dir("catalog_bad");
  const fs::path bogus = dir / "not a catalog.h5";
  std::ofstream(bogus) << "this is plain text, not HDF5\n";
  for (int which = 0; which < 3; ++which) {
    try {
      if (which == 0) list_asset_ids(bogus);
      if (which == 1) read_asset(bogus, "0123456789abcdef");
      if (which == 2) CatalogReader{bogus};
      FAIL() << "no exception";
    } catch (const std::runtime_error& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(bogus.string()), std::string::npos) << msg;
      EXPECT_NE(msg.find("HDF5"), std::string::npos) << msg;
    }
  }
  try {
    list_asset_ids(dir / "missing.h5");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("missing.h5"), std::string::npos) << e.what();
  }
  // A writer in a folder that does not exist names the file too.
  try {
    CatalogWriter w(dir / "no" / "such" / "dir" / "catalog.h5");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("catalog.h5"), std::string::npos) << e.what();
  }
}

TEST(CatalogHdf5, CopyAssetBetweenFiles) {
  const fs::path dir = reelscale::testing::scratch_dir("catalog_copy");
  const fs::path shard0 = dir / "shard0.h5";
  const fs::path shard1 = dir / "shard1.h5";
  const fs::path merged = dir / "catalog.h5";
  AssetRecord a = video_asset("aaaaaaaaaaaaaaaa", 300);
  AssetRecord b = error_asset();
  AssetRecord c = video_asset("cccccccccccccccc", 50);
  c.path = nasty_path();
  {
    CatalogWriter w(shard0);
    w.write_asset(a);
    w.write_asset(b);
  }
  {
    CatalogWriter w(shard1);
    w.write_asset(c);
  }
  {
    CatalogWriter w(merged);
    w.copy_asset_from(shard0, a.id);
    copy_asset(shard1, c.id, w);
    w.copy_asset_from(shard0, b.id);
    EXPECT_THROW(w.copy_asset_from(shard0, a.id), std::runtime_error);  // already there
    try {
      w.copy_asset_from(shard0, "0000000000000000");
      FAIL() << "missing asset copied";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("shard0.h5"), std::string::npos) << e.what();
    }
    EXPECT_THROW(w.copy_asset_from(dir / "nope.h5", a.id), std::runtime_error);
    w.close();
  }
  expect_same_asset(a, read_asset(merged, a.id));
  expect_same_asset(b, read_asset(merged, b.id));
  expect_same_asset(c, read_asset(merged, c.id));
  const std::vector<AssetTableRow> rows = read_assets_table(merged);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].id, a.id);
  EXPECT_EQ(rows[0].video_codec, "h264");
  EXPECT_EQ(rows[0].frames, 300);
  EXPECT_EQ(rows[1].id, c.id);
  EXPECT_EQ(rows[1].path, nasty_path());
  EXPECT_EQ(rows[2].id, b.id);
  EXPECT_EQ(rows[2].status, "error");
}

TEST(CatalogHdf5, CrashLeavesEarlierAssetsReadable) {
  const fs::path h5 = reelscale::testing::scratch_dir("catalog_crash") / "catalog.h5";
  AssetRecord a = video_asset("abababababababab", 200);
  AssetRecord b = error_asset();
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    int code = 0;
    try {
      auto* w = new CatalogWriter(h5);  // leaked on purpose: never closed
      w->write_asset(a);
      w->write_asset(b);
    } catch (...) {
      code = 3;
    }
    ::_exit(code);  // simulated crash: no close, no destructors, no HDF5 atexit
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(list_asset_ids(h5), (std::vector<std::string>{b.id, a.id}));
  expect_same_asset(a, read_asset(h5, a.id));
  expect_same_asset(b, read_asset(h5, b.id));
  EXPECT_TRUE(read_assets_table(h5).empty());  // written only by close()
}

TEST(CatalogJson, KeysAndNoSeries) {
  const AssetRecord a = video_asset("a1b2c3d4e5f60718", 20);
  const nlohmann::json j = to_json(a);
  for (const char* key :
       {"id",       "path",     "size",          "mtime_ns",    "md5",        "sha256",       "status",
        "error",    "frames",   "decode_errors", "fps",         "duration_s", "video_stream", "container",
        "bit_rate", "timecode", "streams",       "transitions", "shots",      "cues",         "selected_frames"})
    EXPECT_TRUE(j.contains(key)) << key;
  for (const char* key : {"pts_s", "phash", "hsv_hist", "thumb", "series", "laplacian_var"})
    EXPECT_FALSE(j.contains(key)) << key;
  EXPECT_FALSE(j.contains("path_bytes_hex"));
  EXPECT_EQ(j["status"], "damaged");
  EXPECT_EQ(j["streams"].size(), 2u);
  EXPECT_EQ(j["streams"][0]["codec"], "h264");
  EXPECT_EQ(j["streams"][0]["field_order"], "progressive");
  EXPECT_EQ(j["streams"][1]["sample_rate"], 48000);
  EXPECT_EQ(j["transitions"][1]["type"], "dissolve");
  EXPECT_EQ(j["transitions"][1]["start"], 400);
  EXPECT_EQ(j["transitions"][1]["end"], 424);
  EXPECT_EQ(j["shots"][1]["start"], 100);
  EXPECT_EQ(j["shots"][1]["end_s"], 16.0);
  EXPECT_EQ(j["cues"][2]["type"], "colour_bars");
  EXPECT_EQ(j["selected_frames"][0]["phash"], "ffffffffffffffff");
  EXPECT_EQ(j["selected_frames"][2]["phash"], "000000000000002a");
}

TEST(CatalogJson, RoundTripInMemoryAndOnDisk) {
  const fs::path out = reelscale::testing::scratch_dir("catalog_json");
  AssetRecord a = video_asset("a1b2c3d4e5f60718", 20);
  a.shots.selected_frames[1].pts_s = std::numeric_limits<double>::quiet_NaN();  // dumped as null
  AssetRecord b = error_asset();
  AssetRecord c = video_asset("ffffeeeeddddcccc", 0);
  c.path = nasty_path();
  c.error = "bad \xFF byte";

  for (const AssetRecord* r : {&a, &b, &c}) {
    AssetRecord back = asset_from_json(to_json(*r));
    expect_same_header(*r, back);
    EXPECT_EQ(back.series.size(), 0u);

    write_json_sidecar(out, *r);
    const fs::path file = out / "assets" / (r->id + ".json");
    ASSERT_TRUE(fs::exists(file));
    std::ifstream in(file, std::ios::binary);
    const nlohmann::json parsed = nlohmann::json::parse(in);  // valid UTF-8 JSON
    expect_same_header(*r, asset_from_json(parsed));
    expect_same_header(*r, read_json_sidecar(out, r->id));
  }
  // Rewrite is atomic and leaves no temporary files behind.
  write_json_sidecar(out, a);
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(out / "assets")) {
    ++n;
    EXPECT_EQ(e.path().extension(), ".json") << e.path();
    EXPECT_NE(e.path().filename().string()[0], '.') << e.path();
  }
  EXPECT_EQ(n, 3u);
}

TEST(CatalogJson, InvalidUtf8PathKeepsRawBytes) {
  AssetRecord c = video_asset("ffffeeeeddddcccc", 0);
  c.path = nasty_path();
  const nlohmann::json j = to_json(c);
  ASSERT_TRUE(j.contains("path_bytes_hex"));
  EXPECT_EQ(from_hex(j["path_bytes_hex"].get<std::string>()), c.path);
  EXPECT_TRUE(is_valid_utf8(j["path"].get<std::string>()));
  EXPECT_NO_THROW((void)j.dump());  // strict handler: already sanitized
  EXPECT_NE(j["path"].get<std::string>().find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_NE(j["path"].get<std::string>().find("\xC3\xA9t\xC3\xA9"), std::string::npos);  // valid kept

  EXPECT_TRUE(is_valid_utf8("plain \xC3\xA9 \xF0\x9F\x8E\xAC"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
  EXPECT_EQ(to_hex("\x01\xAB"), "01ab");
  EXPECT_EQ(from_hex("01AB"), "\x01\xAB");
  EXPECT_THROW(from_hex("abc"), std::invalid_argument);
}

TEST(CatalogJson, SidecarRejectsBadId) {
  const fs::path out = reelscale::testing::scratch_dir("catalog_json_bad");
  AssetRecord a = error_asset();
  a.id = "../escape";
  EXPECT_THROW(write_json_sidecar(out, a), std::invalid_argument);
  EXPECT_THROW(read_json_sidecar(out, "0123456789abcdef"), std::runtime_error);
}
