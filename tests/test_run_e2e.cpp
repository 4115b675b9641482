/// @file test_run_e2e.cpp
/// End-to-end tests of `reelscale run`: the built binary runs on clips generated
/// here with the ffmpeg CLI (lavfi sources, known frame counts), on bad inputs,
/// odd file names, symlinks, a LIST_FILE, and on the dev corpus; the JSON
/// sidecars (nlohmann::json) and the HDF5 catalog (HDF5 C API) are checked
/// against what was generated and against md5sum/sha256sum.

#include <gtest/gtest.h>
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using reelscale::testing::reelscale_binary;
using reelscale::testing::run_capture;
using reelscale::testing::run_shell;
using reelscale::testing::scratch_dir;
using reelscale::testing::shell_quote;

// ---------------------------------------------------------------- helpers ----

/// Runs the ffmpeg CLI quietly; returns true on success.
bool ffmpeg(const std::string& args) {
  const std::string cmd = "ffmpeg -nostdin -hide_banner -loglevel error -y " + args + " </dev/null 2>&1";
  int status = 0;
  const std::string out = run_capture(cmd, &status);
  if (status != 0) ADD_FAILURE() << "ffmpeg failed (" << status << "): " << cmd << "\n" << out;
  return status == 0;
}

/// Generates a 320x240 H.264 clip of `frames` frames at 25 fps (small, fast).
bool make_h264(const fs::path& out, int frames, const std::string& pattern = "testsrc2") {
  return ffmpeg("-f lavfi -i " + pattern + "=size=320x240:rate=25 -frames:v " + std::to_string(frames) +
                " -c:v libx264 -preset veryfast -pix_fmt yuv420p -f mp4 " + shell_quote(out.string()));
}

/// Lower-case hex digest of a file from `md5sum`/`sha256sum` (read on stdin, so
/// odd names are not escaped in the output).
std::string digest(const std::string& tool, const fs::path& file) {
  int status = 0;
  std::string out = run_capture(tool + " < " + shell_quote(file.string()), &status);
  if (status != 0) return "<" + tool + " failed>";
  return out.substr(0, out.find(' '));
}

/// `s` with bytes outside printable ASCII shown as \xNN (for messages).
std::string printable(const std::string& s) {
  std::string r;
  for (unsigned char ch : s) {
    if (ch >= 0x20 && ch < 0x7f) {
      r += static_cast<char>(ch);
    } else {
      static const char* hex = "0123456789abcdef";
      r += "\\x";
      r += hex[ch >> 4];
      r += hex[ch & 15];
    }
  }
  return r;
}

/// Lower-case hex of raw bytes.
std::string to_hex(const std::string& bytes) {
  static const char* hex = "0123456789abcdef";
  std::string r;
  for (unsigned char ch : bytes) {
    r += hex[ch >> 4];
    r += hex[ch & 15];
  }
  return r;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

/// One sidecar OUT/assets/<id>.json.
struct Sidecar {
  std::string id;  ///< file stem
  json j;
};

/// What one `reelscale run` produced.
struct RunResult {
  int exit_code = -1;
  std::string output;  ///< stdout + stderr
  fs::path out;
  std::vector<Sidecar> assets;

  /// Last part of the output, for failure messages.
  std::string tail() const {
    const std::size_t n = 6000;
    return output.size() <= n ? output : "..." + output.substr(output.size() - n);
  }
  /// Sidecars whose md5 is `md5`.
  std::vector<const Sidecar*> by_md5(const std::string& md5) const {
    std::vector<const Sidecar*> r;
    for (auto& a : assets)
      if (a.j.value("md5", std::string()) == md5) r.push_back(&a);
    return r;
  }
  /// The sidecar whose `path` is exactly `path` (nullptr when none).
  const Sidecar* by_path(const fs::path& path) const {
    for (auto& a : assets)
      if (a.j.contains("path") && a.j["path"].is_string() && a.j["path"].get<std::string>() == path.string()) return &a;
    return nullptr;
  }
};

/// Runs `reelscale run --input INPUT --out OUT EXTRA` (bounded by `timeout`) and
/// parses every sidecar. A sidecar that is not valid JSON is a test failure.
RunResult run_reelscale(const fs::path& input, const fs::path& out, const std::string& extra = "",
                        int timeout_s = 600) {
  RunResult r;
  r.out = out;
  const std::string cmd = "timeout " + std::to_string(timeout_s) + " " + shell_quote(reelscale_binary().string()) +
                          " run --input " + shell_quote(input.string()) + " --out " + shell_quote(out.string()) +
                          (extra.empty() ? "" : " " + extra) + " </dev/null 2>&1";
  r.output = run_capture(cmd, &r.exit_code);
  std::error_code ec;
  if (fs::is_directory(out / "assets", ec)) {
    for (auto& e : fs::directory_iterator(out / "assets")) {
      if (e.path().extension() != ".json") continue;
      Sidecar s;
      s.id = e.path().stem().string();
      try {
        s.j = json::parse(read_file(e.path()));
      } catch (const std::exception& ex) {
        ADD_FAILURE() << "sidecar " << e.path() << " is not valid JSON: " << ex.what();
        continue;
      }
      r.assets.push_back(std::move(s));
    }
  }
  return r;
}

/// Reads a whole 1-D dataset of `h5` as T (HDF5 converts the element type).
/// Empty optional (with `err` set) when the file or dataset cannot be read.
template <class T>
std::optional<std::vector<T>> read_h5(const fs::path& h5, const std::string& dataset, std::string* err) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  hid_t mem = std::is_same_v<T, double> ? H5T_NATIVE_DOUBLE : H5T_NATIVE_UINT64;
  hid_t f = H5Fopen(h5.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) {
    *err = "cannot open " + h5.string();
    return std::nullopt;
  }
  std::optional<std::vector<T>> result;
  hid_t d = H5Dopen2(f, dataset.c_str(), H5P_DEFAULT);
  if (d < 0) {
    *err = "no dataset " + dataset + " in " + h5.string();
  } else {
    hid_t s = H5Dget_space(d);
    hsize_t dims[4] = {0, 0, 0, 0};
    int nd = H5Sget_simple_extent_ndims(s);
    if (nd != 1) {
      *err = dataset + " has rank " + std::to_string(nd) + ", expected 1";
    } else {
      H5Sget_simple_extent_dims(s, dims, nullptr);
      std::vector<T> v(dims[0]);
      if (dims[0] == 0 || H5Dread(d, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) >= 0)
        result = std::move(v);
      else
        *err = "cannot read " + dataset;
    }
    H5Sclose(s);
    H5Dclose(d);
  }
  H5Fclose(f);
  return result;
}

/// The first video stream of a sidecar (null json when none).
json video_stream(const json& j) {
  if (!j.contains("streams") || !j["streams"].is_array()) return json();
  for (auto& s : j["streams"])
    if (s.value("type", std::string()) == "video") return s;
  return json();
}

bool has_stream_type(const json& j, const std::string& type) {
  if (!j.contains("streams") || !j["streams"].is_array()) return false;
  for (auto& s : j["streams"])
    if (s.value("type", std::string()) == type) return true;
  return false;
}

bool bad_status(const json& j) {
  const auto s = j.value("status", std::string());
  return s == "damaged" || s == "error";
}

std::string str(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

/// Checks md5/sha256 of a sidecar against md5sum/sha256sum and its size.
void expect_fixity(const json& j, const fs::path& file) {
  EXPECT_EQ(str(j, "md5"), digest("md5sum", file)) << file;
  EXPECT_EQ(str(j, "sha256"), digest("sha256sum", file)) << file;
  ASSERT_TRUE(j.contains("size")) << file;
  EXPECT_EQ(j["size"].get<std::uint64_t>(), fs::file_size(file)) << file;
}

// ------------------------------------------------------ codec clips (lavfi) ----

struct ClipSpec {
  std::string name;   ///< test name suffix
  std::string file;   ///< output file name
  std::string args;   ///< ffmpeg arguments before the output name
  int frames;         ///< generated video frames
  double fps;         ///< exact frame rate
  std::string codec;  ///< avcodec name of the video stream
  int width, height;
  bool audio;  ///< an audio stream is generated too
};

std::ostream& operator<<(std::ostream& os, const ClipSpec& c) { return os << c.name; }

const std::string kSine = " -f lavfi -i sine=frequency=440:sample_rate=48000:duration=2";
const std::string kSrc320 = "-f lavfi -i testsrc2=size=320x240:rate=25:duration=2";

std::vector<ClipSpec> clip_specs() {
  return {
      {"h264_mp4", "clip_h264.mp4", kSrc320 + kSine + " -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac", 50,
       25.0, "h264", 320, 240, true},
      {"mpeg2_mpg", "clip_mpeg2.mpg", kSrc320 + kSine + " -c:v mpeg2video -c:a mp2 -f mpeg", 50, 25.0, "mpeg2video",
       320, 240, true},
      {"mpeg4_avi", "clip_mpeg4.avi", kSrc320 + kSine + " -c:v mpeg4 -c:a pcm_s16le -f avi", 50, 25.0, "mpeg4", 320,
       240, true},
      {"vp8_webm", "clip_vp8.webm", kSrc320 + kSine + " -c:v libvpx -b:v 500k -c:a libvorbis -f webm", 50, 25.0, "vp8",
       320, 240, true},
      {"mjpeg_mov", "clip_mjpeg.mov", kSrc320 + kSine + " -c:v mjpeg -pix_fmt yuvj420p -c:a pcm_s16le -f mov", 50, 25.0,
       "mjpeg", 320, 240, true},
      {"dv_pal", "clip_pal.dv",
       "-f lavfi -i testsrc2=size=720x576:rate=25 -frames:v 50 -c:v dvvideo -pix_fmt yuv420p -f dv", 50, 25.0,
       "dvvideo", 720, 576, false},
      {"dv_ntsc", "clip_ntsc.dv",
       "-f lavfi -i testsrc2=size=720x480:rate=30000/1001 -frames:v 30 -c:v dvvideo "
       "-pix_fmt yuv411p -f dv",
       30, 30000.0 / 1001.0, "dvvideo", 720, 480, false},
  };
}

class RunE2ECodecClip : public ::testing::TestWithParam<ClipSpec> {};

TEST_P(RunE2ECodecClip, FramesRateDurationFixityAndPts) {
  const ClipSpec& c = GetParam();
  const fs::path dir = scratch_dir("e2e-codec");
  const fs::path in = dir / "in";
  fs::create_directories(in);
  const fs::path clip = in / c.file;
  ASSERT_TRUE(ffmpeg(c.args + " " + shell_quote(clip.string())));

  RunResult r = run_reelscale(in, dir / "out");
  ASSERT_EQ(r.exit_code, 0) << r.tail();
  ASSERT_EQ(r.assets.size(), 1u) << r.tail();
  const json& j = r.assets[0].j;
  SCOPED_TRACE(j.dump(1).substr(0, 3000));

  EXPECT_EQ(str(j, "path"), fs::canonical(clip).string());
  EXPECT_EQ(str(j, "status"), "ok");
  EXPECT_EQ(str(j, "error"), "");
  EXPECT_EQ(j.value("frames", -1), c.frames);
  EXPECT_EQ(j.value("decode_errors", -1), 0);
  EXPECT_NEAR(j.value("fps", 0.0), c.fps, 1e-3);
  const double expected_duration = c.frames / c.fps;
  // Containers round durations (MPEG-PS adds the audio tail): within one frame.
  EXPECT_NEAR(j.value("duration_s", 0.0), expected_duration, std::max(0.05, 1.0 / c.fps));
  expect_fixity(j, clip);

  const json v = video_stream(j);
  ASSERT_FALSE(v.is_null()) << "no video stream in the sidecar";
  EXPECT_EQ(str(v, "codec"), c.codec);
  EXPECT_EQ(v.value("width", 0), c.width);
  EXPECT_EQ(v.value("height", 0), c.height);
  EXPECT_EQ(has_stream_type(j, "audio"), c.audio);

  // The log names each asset.
  EXPECT_NE(r.output.find(c.file), std::string::npos) << r.tail();

  // The catalog: one PTS per decoded frame, increasing by one frame period.
  ASSERT_TRUE(fs::exists(r.out / "catalog.h5"));
  std::string err;
  auto pts = read_h5<double>(r.out / "catalog.h5", "/assets/" + r.assets[0].id + "/frames/pts_s", &err);
  ASSERT_TRUE(pts) << err;
  ASSERT_EQ(pts->size(), static_cast<std::size_t>(c.frames));
  for (std::size_t i = 1; i < pts->size(); ++i)
    ASSERT_NEAR((*pts)[i] - (*pts)[i - 1], 1.0 / c.fps, 2e-3) << "frame " << i;
  auto phash = read_h5<std::uint64_t>(r.out / "catalog.h5", "/assets/" + r.assets[0].id + "/frames/phash", &err);
  ASSERT_TRUE(phash) << err;
  EXPECT_EQ(phash->size(), static_cast<std::size_t>(c.frames));
}

INSTANTIATE_TEST_SUITE_P(RunE2E, RunE2ECodecClip, ::testing::ValuesIn(clip_specs()),
                         [](const auto& info) { return info.param.name; });

// A variable-frame-rate clip: 25 frames 0.04 s apart, then 25 frames 0.1 s apart.
TEST(RunE2EVfr, FramesAndPtsOfVariableRateClip) {
  const fs::path dir = scratch_dir("e2e-vfr");
  const fs::path in = dir / "in";
  fs::create_directories(in);
  const fs::path clip = in / "vfr.mkv";
  ASSERT_TRUE(
      ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=25 -frames:v 50 "
             "-vf \"settb=1/1000,setpts='if(lt(N,25),N*40,1000+(N-25)*100)'\" "
             "-fps_mode passthrough -enc_time_base:v 1/1000 "
             "-c:v libx264 -preset veryfast -pix_fmt yuv420p -f matroska " +
             shell_quote(clip.string())));
  RunResult r = run_reelscale(in, dir / "out");
  ASSERT_EQ(r.exit_code, 0) << r.tail();
  ASSERT_EQ(r.assets.size(), 1u) << r.tail();
  const json& j = r.assets[0].j;
  SCOPED_TRACE(j.dump(1).substr(0, 3000));
  EXPECT_EQ(str(j, "status"), "ok");
  EXPECT_EQ(j.value("frames", -1), 50);
  // Last PTS 3.4 s; the last frame lasts 0.04 s (Matroska's default) or 0.1 s.
  EXPECT_GE(j.value("duration_s", 0.0), 3.4 - 1e-6);
  EXPECT_LE(j.value("duration_s", 0.0), 3.5 + 1e-6);
  expect_fixity(j, clip);

  std::string err;
  auto pts = read_h5<double>(r.out / "catalog.h5", "/assets/" + r.assets[0].id + "/frames/pts_s", &err);
  ASSERT_TRUE(pts) << err;
  ASSERT_EQ(pts->size(), 50u);
  for (std::size_t i = 0; i < pts->size(); ++i) {
    const double want = i < 25 ? i / 25.0 : 1.0 + (i - 25) / 10.0;
    EXPECT_NEAR((*pts)[i] - (*pts)[0], want, 2e-3) << "frame " << i;
  }
}

// The TBB pipeline's in-order sink: thread count changes nothing in the output.
TEST(RunE2EThreads, OneAndTwoThreadsGiveTheSameRecord) {
  const fs::path dir = scratch_dir("e2e-threads");
  const fs::path in = dir / "in";
  fs::create_directories(in);
  ASSERT_TRUE(make_h264(in / "a.mp4", 120));
  RunResult r1 = run_reelscale(in, dir / "out1", "--threads 1");
  RunResult r2 = run_reelscale(in, dir / "out2", "--threads 2");
  ASSERT_EQ(r1.exit_code, 0) << r1.tail();
  ASSERT_EQ(r2.exit_code, 0) << r2.tail();
  ASSERT_EQ(r1.assets.size(), 1u);
  ASSERT_EQ(r2.assets.size(), 1u);
  EXPECT_EQ(r1.assets[0].j.value("frames", -1), 120);
  EXPECT_EQ(r2.assets[0].j.value("frames", -1), 120);
  EXPECT_EQ(r1.assets[0].id, r2.assets[0].id);
  std::string err;
  const std::string base = "/assets/" + r1.assets[0].id + "/frames/";
  auto p1 = read_h5<double>(dir / "out1" / "catalog.h5", base + "pts_s", &err);
  auto p2 = read_h5<double>(dir / "out2" / "catalog.h5", base + "pts_s", &err);
  auto h1 = read_h5<std::uint64_t>(dir / "out1" / "catalog.h5", base + "phash", &err);
  auto h2 = read_h5<std::uint64_t>(dir / "out2" / "catalog.h5", base + "phash", &err);
  ASSERT_TRUE(p1 && p2 && h1 && h2) << err;
  EXPECT_EQ(*p1, *p2);
  EXPECT_EQ(*h1, *h2);
  EXPECT_EQ(h1->size(), 120u);
}

// ------------------------------------------------------------- bad inputs ----

TEST(RunE2EBadInput, EachBadKindIsReportedAndTheRunContinues) {
  const fs::path dir = scratch_dir("e2e-bad");
  const fs::path in = dir / "in";
  fs::create_directories(in);

  // Good clips on both sides of the bad ones (in name order).
  ASSERT_TRUE(make_h264(in / "a_good.mp4", 40));
  ASSERT_TRUE(make_h264(in / "z_good.mp4", 30, "smptebars"));

  // Truncated: a 100-frame MP4 with its index first (+faststart), cut to half its
  // bytes, so the first frames decode and the rest is missing.
  const fs::path full = dir / "full.mp4";
  ASSERT_TRUE(
      ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=25 -frames:v 100 -c:v libx264 "
             "-preset veryfast -pix_fmt yuv420p -movflags +faststart " +
             shell_quote(full.string())));
  const std::string full_bytes = read_file(full);
  write_file(in / "truncated.mp4", full_bytes.substr(0, full_bytes.size() / 2));

  // Random bytes (fixed seed) named like a video.
  std::mt19937 rng(20261122);
  std::string noise(256 * 1024, '\0');
  for (auto& ch : noise) ch = static_cast<char>(rng() & 0xff);
  write_file(in / "random.avi", noise);

  // Empty file and a text file named like videos.
  write_file(in / "empty.mp4", "");
  write_file(in / "notes.mov", "Tape 12, reel 3: transfer notes.\nNothing to decode here.\n");

  // Unsupported codec: an MPEG-4 AVI whose FourCC (FMP4) is replaced by an unknown one.
  const fs::path avi = dir / "mpeg4.avi";
  ASSERT_TRUE(
      ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=25 -frames:v 20 -c:v mpeg4 -f avi " + shell_quote(avi.string())));
  std::string avi_bytes = read_file(avi);
  int replaced = 0;
  for (std::size_t pos = avi_bytes.find("FMP4"); pos != std::string::npos && pos < 8192;
       pos = avi_bytes.find("FMP4", pos + 4)) {
    avi_bytes.replace(pos, 4, "ZZZZ");
    ++replaced;
  }
  ASSERT_GT(replaced, 0) << "no FMP4 tag in the generated AVI";
  write_file(in / "unknown_codec.avi", avi_bytes);

  RunResult r = run_reelscale(in, dir / "out");
  ASSERT_EQ(r.exit_code, 0) << "bad assets must not fail the job\n" << r.tail();
  ASSERT_EQ(r.assets.size(), 7u) << r.tail();

  auto get = [&](const std::string& name) -> const json* {
    const Sidecar* s = r.by_path(fs::canonical(in / name));
    if (!s) ADD_FAILURE() << "no sidecar for " << name << "\n" << r.tail();
    return s ? &s->j : nullptr;
  };

  for (auto [name, frames] : {std::pair{"a_good.mp4", 40}, std::pair{"z_good.mp4", 30}}) {
    const json* j = get(name);
    if (!j) continue;
    EXPECT_EQ(str(*j, "status"), "ok") << name;
    EXPECT_EQ(j->value("frames", -1), frames) << name;
    expect_fixity(*j, in / name);
  }

  // Partly decodable: damaged, keeping what was read.
  if (const json* j = get("truncated.mp4")) {
    SCOPED_TRACE(j->dump(1).substr(0, 2000));
    EXPECT_EQ(str(*j, "status"), "damaged");
    EXPECT_FALSE(str(*j, "error").empty());
    EXPECT_GT(j->value("frames", -1), 0);
    EXPECT_LT(j->value("frames", 1000), 100);
    expect_fixity(*j, in / "truncated.mp4");
  }
  // Nothing usable: error (random bytes may be probed as something: damaged allowed).
  for (auto [name, strict] : {std::pair{"random.avi", false}, std::pair{"empty.mp4", true},
                              std::pair{"notes.mov", true}, std::pair{"unknown_codec.avi", true}}) {
    const json* j = get(name);
    if (!j) continue;
    SCOPED_TRACE(j->dump(1).substr(0, 2000));
    if (strict)
      EXPECT_EQ(str(*j, "status"), "error") << name;
    else
      EXPECT_TRUE(bad_status(*j)) << name;
    EXPECT_FALSE(str(*j, "error").empty()) << name;
    expect_fixity(*j, in / name);
  }
  if (const json* j = get("empty.mp4")) {
    EXPECT_EQ(j->value("frames", -1), 0);
  }
}

// Audio-only files and still images are valid assets: fixity + metadata.
TEST(RunE2EBadInput, AudioOnlyAndStillImageAreValidAssets) {
  const fs::path dir = scratch_dir("e2e-nonvideo");
  const fs::path in = dir / "in";
  fs::create_directories(in);
  ASSERT_TRUE(ffmpeg("-f lavfi -i sine=frequency=440:sample_rate=48000:duration=3 -c:a pcm_s16le " +
                     shell_quote((in / "tone.wav").string())));
  ASSERT_TRUE(
      ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=25 -frames:v 1 " + shell_quote((in / "still.png").string())));
  RunResult r = run_reelscale(in, dir / "out");
  ASSERT_EQ(r.exit_code, 0) << r.tail();
  ASSERT_EQ(r.assets.size(), 2u) << r.tail();

  const Sidecar* wav = r.by_path(fs::canonical(in / "tone.wav"));
  ASSERT_NE(wav, nullptr) << r.tail();
  SCOPED_TRACE(wav->j.dump(1).substr(0, 2000));
  EXPECT_EQ(str(wav->j, "status"), "ok");
  EXPECT_EQ(wav->j.value("frames", -1), 0);
  EXPECT_NEAR(wav->j.value("duration_s", 0.0), 3.0, 0.05);
  EXPECT_TRUE(has_stream_type(wav->j, "audio"));
  EXPECT_FALSE(has_stream_type(wav->j, "video"));
  expect_fixity(wav->j, in / "tone.wav");

  const Sidecar* png = r.by_path(fs::canonical(in / "still.png"));
  ASSERT_NE(png, nullptr) << r.tail();
  EXPECT_EQ(str(png->j, "status"), "ok") << png->j.dump(1);
  const json v = video_stream(png->j);
  EXPECT_EQ(v.value("width", 0), 320) << png->j.dump(1);
  EXPECT_EQ(v.value("height", 0), 240);
  expect_fixity(png->j, in / "still.png");
}

// ------------------------------------------------ odd names, links, lists ----

TEST(RunE2EInputs, OddFileNames) {
  const fs::path dir = scratch_dir("e2e-names");
  const fs::path in = dir / "in";
  fs::create_directories(in / "sub dir");
  const std::vector<std::string> names = {
      "with space.mp4",
      "it's.mp4",
      "say \"hi\".mp4",
      "new\nline.mp4",
      std::string("\xff\xfe.mp4"),  // invalid UTF-8 (index 4)
      std::string("\xfe\xff.mp4"),  // invalid UTF-8 too, other bytes (index 5)
      "\xc3\xbc"
      "n"
      "\xc3\xaf"
      "c"
      "\xc3\xb8"
      "d"
      "\xc3\xa9"
      ".mp4",  // ünïcødé.mp4
      "sub dir/nested $HOME `x` ;.mp4",
  };
  // Distinct content per name (frame count 10+i), so each sidecar is found by md5.
  std::vector<fs::path> files;
  std::vector<std::string> md5s;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const fs::path tmp = dir / ("gen" + std::to_string(i) + ".mp4");
    ASSERT_TRUE(make_h264(tmp, 10 + static_cast<int>(i)));
    const fs::path dst = in / names[i];
    fs::rename(tmp, dst);
    files.push_back(dst);
    md5s.push_back(digest("md5sum", dst));
  }
  RunResult r = run_reelscale(in, dir / "out");
  ASSERT_EQ(r.exit_code, 0) << r.tail();
  EXPECT_EQ(r.assets.size(), names.size()) << r.tail();
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto found = r.by_md5(md5s[i]);
    ASSERT_EQ(found.size(), 1u) << "asset " << printable(names[i]) << " not found exactly once\n" << r.tail();
    const json& j = found[0]->j;
    SCOPED_TRACE(j.dump(1, ' ', false, json::error_handler_t::replace).substr(0, 2000));
    EXPECT_EQ(str(j, "status"), "ok");
    EXPECT_EQ(j.value("frames", -1), 10 + static_cast<int>(i));
    EXPECT_EQ(str(j, "sha256"), digest("sha256sum", files[i]));
    // Valid UTF-8 names come back byte for byte; the two invalid ones (which any
    // lossy UTF-8 repair maps to the same text) must still be two assets.
    if (i != 4 && i != 5) {
      EXPECT_EQ(str(j, "path"), fs::canonical(files[i]).string());
    } else {
      // docs/catalog.md: invalid UTF-8 becomes U+FFFD in `path`, and
      // `path_bytes_hex` holds the raw bytes.
      EXPECT_FALSE(str(j, "path").empty());
      EXPECT_EQ(str(j, "path_bytes_hex"), to_hex(fs::canonical(files[i]).string()));
    }
  }
}

TEST(RunE2EInputs, SymlinksFollowedOnceAndLoopsTerminate) {
  const fs::path dir = scratch_dir("e2e-links");
  const fs::path in = dir / "in";
  const fs::path outside = dir / "outside";
  fs::create_directories(in);
  fs::create_directories(outside / "tree");
  ASSERT_TRUE(make_h264(in / "real.mp4", 12));
  ASSERT_TRUE(make_h264(outside / "target.mp4", 14));
  ASSERT_TRUE(make_h264(outside / "tree" / "nested.mp4", 16));
  fs::create_symlink(outside / "target.mp4", in / "link.mp4");      // file link
  fs::create_directory_symlink(outside / "tree", in / "treelink");  // directory link
  fs::create_directory_symlink(in, in / "loop");                    // loop: in/loop -> in
  fs::create_symlink("self", in / "self");                          // ELOOP on stat
  fs::create_symlink(dir / "does-not-exist.mp4", in / "dangling.mp4");

  RunResult r = run_reelscale(in, dir / "out", "", 300);
  ASSERT_NE(r.exit_code, 124) << "timed out: a symlink loop is followed forever\n" << r.tail();
  ASSERT_EQ(r.exit_code, 0) << r.tail();

  struct Want {
    fs::path file;
    int frames;
  };
  for (const Want& w :
       {Want{in / "real.mp4", 12}, Want{outside / "target.mp4", 14}, Want{outside / "tree" / "nested.mp4", 16}}) {
    auto found = r.by_md5(digest("md5sum", w.file));
    ASSERT_GE(found.size(), 1u) << w.file << " not processed\n" << r.tail();
    // Followed once: seen directly and at most once more through in/loop.
    EXPECT_LE(found.size(), 2u) << w.file;
    for (auto* s : found) {
      EXPECT_EQ(str(s->j, "status"), "ok") << w.file;
      EXPECT_EQ(s->j.value("frames", -1), w.frames) << w.file;
    }
  }
  // 3 real files (at most twice each) plus at most the two broken links.
  EXPECT_LE(r.assets.size(), 8u) << r.tail();
}

TEST(RunE2EInputs, ListFileInput) {
  const fs::path dir = scratch_dir("e2e-list");
  fs::create_directories(dir / "A");
  fs::create_directories(dir / "B");
  ASSERT_TRUE(make_h264(dir / "A" / "a.mp4", 11));
  ASSERT_TRUE(make_h264(dir / "A" / "b.mp4", 13));  // not listed: must not be processed
  ASSERT_TRUE(make_h264(dir / "B" / "c d.mp4", 15));
  const fs::path list = dir / "list.txt";
  write_file(list, (dir / "A" / "a.mp4").string() + "\n" + (dir / "B" / "c d.mp4").string() + "\n");

  RunResult r = run_reelscale(list, dir / "out");
  ASSERT_EQ(r.exit_code, 0) << r.tail();
  EXPECT_EQ(r.assets.size(), 2u) << r.tail();
  const Sidecar* a = r.by_path(fs::canonical(dir / "A" / "a.mp4"));
  const Sidecar* c = r.by_path(fs::canonical(dir / "B" / "c d.mp4"));
  ASSERT_NE(a, nullptr) << r.tail();
  ASSERT_NE(c, nullptr) << r.tail();
  EXPECT_EQ(str(a->j, "status"), "ok");
  EXPECT_EQ(a->j.value("frames", -1), 11);
  EXPECT_EQ(str(c->j, "status"), "ok");
  EXPECT_EQ(c->j.value("frames", -1), 15);
  EXPECT_EQ(r.by_path(fs::canonical(dir / "A" / "b.mp4")), nullptr) << "unlisted file processed";
}

// ------------------------------------------------------------- exit codes ----

class RunE2ECli : public ::testing::Test {
 protected:
  int run(const std::string& args, std::string* out = nullptr) {
    int status = -1;
    std::string o = run_capture(
        "timeout 120 " + shell_quote(reelscale_binary().string()) + " " + args + " </dev/null 2>&1", &status);
    if (out) *out = o;
    return status;
  }
  void SetUp() override {
    dir_ = scratch_dir("e2e-cli");
    fs::create_directories(dir_ / "in");
    ASSERT_TRUE(make_h264(dir_ / "in" / "a.mp4", 10));
  }
  fs::path dir_;
};

TEST_F(RunE2ECli, MissingInputIsAnError) {
  std::string out;
  const int rc = run("run --out " + shell_quote((dir_ / "out").string()), &out);
  EXPECT_NE(rc, 0) << out;
  EXPECT_NE(rc, 124) << "hung";
}

TEST_F(RunE2ECli, NonexistentInputIsAnError) {
  std::string out;
  const int rc = run(
      "run --input " + shell_quote((dir_ / "no-such-dir").string()) + " --out " + shell_quote((dir_ / "out").string()),
      &out);
  EXPECT_NE(rc, 0) << out;
  EXPECT_NE(rc, 124) << "hung";
}

TEST_F(RunE2ECli, UnwritableOutIsAnError) {
  std::string out;
  const int rc = run("run --input " + shell_quote((dir_ / "in").string()) + " --out /proc/nope", &out);
  EXPECT_NE(rc, 0) << out;
  EXPECT_NE(rc, 124) << "hung";
}

TEST_F(RunE2ECli, BadThreadsAndUnknownSubcommandAreErrors) {
  std::string out;
  int rc = run("run --input " + shell_quote((dir_ / "in").string()) + " --out " + shell_quote((dir_ / "out").string()) +
                   " --threads lots",
               &out);
  EXPECT_NE(rc, 0) << out;
  rc = run("frobnicate", &out);
  EXPECT_NE(rc, 0) << out;
}

TEST_F(RunE2ECli, GoodRunExitsZeroAndWritesCatalog) {
  std::string out;
  const int rc = run("run --input " + shell_quote((dir_ / "in").string()) + " --out " +
                         shell_quote((dir_ / "out").string()) + " --threads 2",
                     &out);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_TRUE(fs::exists(dir_ / "out" / "catalog.h5")) << out;
  EXPECT_GT(fs::file_size(dir_ / "out" / "catalog.h5"), 0u);
}

// ----------------------------------------------------------------- corpus ----

/// Parses "num/den" or "num" to a double.
double parse_rate(const std::string& s) {
  const auto slash = s.find('/');
  if (slash == std::string::npos) return std::stod(s);
  return std::stod(s.substr(0, slash)) / std::stod(s.substr(slash + 1));
}

// One test, so the corpus is processed once.
TEST(RunE2ECorpus, DevCorpusEndToEnd) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  const fs::path dir = scratch_dir("e2e-corpus");
  RunResult r = run_reelscale(corpus, dir / "out", "", 1800);
  ASSERT_EQ(r.exit_code, 0) << r.tail();

  // Nothing lost: one sidecar per file of the corpus folder (truth files included).
  std::size_t files = 0;
  for (auto& e : fs::directory_iterator(corpus)) {
    if (!e.is_regular_file()) continue;
    ++files;
    EXPECT_NE(r.by_path(fs::canonical(e.path())), nullptr) << "no sidecar for " << e.path();
  }
  EXPECT_EQ(r.assets.size(), files) << r.tail();

  const std::vector<std::string> programmes = {"newsreel_mpeg2.mpg", "documentary_h264.mp4", "archive_mpeg4_avi.avi",
                                               "longtake_vp8.webm",  "broadcast_ts.ts",      "alternation_mjpeg.mov"};
  for (const auto& name : programmes) {
    SCOPED_TRACE(name);
    const fs::path file = corpus / name;
    const json truth = json::parse(read_file(corpus / (file.stem().string() + ".truth.json")));
    const Sidecar* s = r.by_path(fs::canonical(file));
    ASSERT_NE(s, nullptr) << r.tail();
    const json& j = s->j;
    EXPECT_EQ(str(j, "status"), "ok") << str(j, "error");
    EXPECT_EQ(j.value("frames", -1), truth["frames"].get<int>());
    EXPECT_EQ(j.value("decode_errors", -1), 0);
    const double fps = parse_rate(truth["fps"].get<std::string>());
    EXPECT_NEAR(j.value("fps", 0.0), fps, 1e-3);
    EXPECT_NEAR(j.value("duration_s", 0.0), truth["frames"].get<int>() / fps, 0.1);
    expect_fixity(j, file);
    const json v = video_stream(j);
    // The truth names the encoder; the sidecar names the codec.
    std::string codec = truth["codec"].get<std::string>();
    if (codec == "libx264") codec = "h264";
    if (codec == "libvpx") codec = "vp8";
    EXPECT_EQ(str(v, "codec"), codec);
    EXPECT_EQ(v.value("width", 0), truth["size"][0].get<int>());
    EXPECT_EQ(v.value("height", 0), truth["size"][1].get<int>());
  }

  for (const std::string name : {"truncated_documentary.mp4", "garbled_archive.avi", "empty.mp4", "notes.mov"}) {
    SCOPED_TRACE(name);
    const Sidecar* s = r.by_path(fs::canonical(corpus / name));
    ASSERT_NE(s, nullptr) << r.tail();
    EXPECT_TRUE(bad_status(s->j)) << s->j.dump(1).substr(0, 2000);
    EXPECT_FALSE(str(s->j, "error").empty()) << s->j.dump(1).substr(0, 2000);
    expect_fixity(s->j, corpus / name);
  }
}

}  // namespace
