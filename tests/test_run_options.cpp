// `reelscale run` options and outputs that had no test (issue 10): `reelscale index`,
// keyframe JPEGs on disk, --exclude, --rank0-serves-only (under mpirun), the OUT lock,
// and 10-bit and interlaced sources made here with the ffmpeg CLI.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
namespace rt = reelscale::testing;
using json = nlohmann::json;

namespace {

struct Result {
  int exit_code = -1;
  std::string output;
};

/// Runs `[mpirun -np N] reelscale ARGS` (np 0: without mpirun).
Result rs_cli(const std::string& args, int np = 0) {
  std::string cmd = "timeout 300 ";
  if (np > 0) cmd += "mpirun --allow-run-as-root --oversubscribe -np " + std::to_string(np) + " ";
  cmd += rt::shell_quote(rt::reelscale_binary().string()) + " " + args + " </dev/null 2>&1";
  Result r;
  r.output = rt::run_capture(cmd, &r.exit_code);
  return r;
}

std::string run_args(const fs::path& in, const fs::path& out, const std::string& extra = "") {
  return "run --input " + rt::shell_quote(in.string()) + " --out " + rt::shell_quote(out.string()) + " --threads 2 " +
         extra;
}

/// Every sidecar of OUT, by file name of the asset.
std::map<std::string, json> sidecars(const fs::path& out) {
  std::map<std::string, json> m;
  std::error_code ec;
  if (!fs::is_directory(out / "assets", ec)) return m;
  for (const auto& e : fs::directory_iterator(out / "assets")) {
    if (e.path().extension() != ".json") continue;
    std::ifstream in(e.path());
    json j = json::parse(in);
    m[fs::path(j.at("path").get<std::string>()).filename().string()] = j;
  }
  return m;
}

/// Two shots (testsrc2 then smptebars) with a cut at frame `cut`, 320x240 at 25 fps.
fs::path two_shot_clip(const fs::path& dir, const std::string& name, int cut, int frames,
                       const std::string& codec = "-c:v libx264 -pix_fmt yuv420p") {
  return rt::make_clip(dir, name,
                       "-f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i smptebars=size=320x240:rate=25 "
                       "-filter_complex '[0:v]trim=end_frame=" +
                           std::to_string(cut) + "[a];[1:v]trim=end_frame=" + std::to_string(frames - cut) +
                           ",setpts=PTS-STARTPTS[b];[a][b]concat=n=2:v=1[v]' -map '[v]' " + codec);
}

}  // namespace

TEST(RunOptions, ExcludeGlobSkipsMatchingFiles) {
  const fs::path dir = rt::scratch_dir("opt-exclude");
  fs::create_directories(dir / "in");
  rt::make_clip(dir / "in", "keep.mp4", "-f lavfi -i testsrc2=size=160x120:rate=25 -frames:v 10 -c:v libx264");
  rt::make_clip(dir / "in", "skip.mov", "-f lavfi -i testsrc2=size=160x120:rate=25 -frames:v 10 -c:v libx264");
  const Result r = rs_cli(run_args(dir / "in", dir / "out", "--exclude '*.mov'"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto s = sidecars(dir / "out");
  EXPECT_EQ(s.size(), 1u) << r.output;
  EXPECT_EQ(s.count("keep.mp4"), 1u);
  EXPECT_EQ(s.count("skip.mov"), 0u);
}

TEST(RunOptions, KeyframeJpegsOnDiskOnePerScene) {
  const fs::path dir = rt::scratch_dir("opt-keyframes");
  fs::create_directories(dir / "in");
  two_shot_clip(dir / "in", "two.mp4", 150, 300);  // two 6 s shots: two scenes
  const Result r = rs_cli(run_args(dir / "in", dir / "out"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto s = sidecars(dir / "out");
  ASSERT_EQ(s.size(), 1u) << r.output;
  const json& j = s.begin()->second;
  const auto& scenes = j.at("scenes");
  ASSERT_GE(scenes.size(), 1u);
  // Each JPEG on disk decodes and belongs to a scene of the sidecar; scene 0 always has one.
  const fs::path dir_kf = dir / "out" / "keyframes" / j.at("id").get<std::string>();
  int jpegs = 0;
  for (std::size_t i = 0; i < scenes.size(); ++i) {
    const fs::path jpg = dir_kf / (std::to_string(i) + ".jpg");
    if (!fs::exists(jpg)) continue;
    ++jpegs;
    const cv::Mat img = cv::imread(jpg.string(), cv::IMREAD_COLOR);
    ASSERT_FALSE(img.empty()) << jpg << " is not a JPEG OpenCV reads";
    EXPECT_EQ(img.cols * 3, img.rows * 4) << "keyframes keep the 4:3 display aspect";
    const auto kf = scenes[i].at("keyframe").get<std::int64_t>();
    EXPECT_GE(kf, scenes[i].at("start").get<std::int64_t>());
    EXPECT_LE(kf, scenes[i].at("end").get<std::int64_t>());
  }
  EXPECT_TRUE(fs::exists(dir_kf / "0.jpg"));
  EXPECT_GE(jpegs, 1);
}

TEST(RunOptions, IndexCommandRebuildsTheIndexes) {
  const fs::path dir = rt::scratch_dir("opt-index");
  fs::create_directories(dir / "in");
  two_shot_clip(dir / "in", "a.mp4", 100, 200);
  ASSERT_EQ(rs_cli(run_args(dir / "in", dir / "out", "--no-index")).exit_code, 0);
  EXPECT_FALSE(fs::exists(dir / "out" / "index" / "scenes.faiss"));
  const Result r = rs_cli("index " + rt::shell_quote((dir / "out").string()) + " --index-factory Flat");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("indexed "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(Flat)"), std::string::npos) << r.output;
  EXPECT_GT(fs::file_size(dir / "out" / "index" / "scenes.faiss"), 0u);
  EXPECT_GT(fs::file_size(dir / "out" / "index" / "frames.faiss"), 0u);
  // A query against the fresh index finds the clip's other scene.
  const Result q = rs_cli("query " + rt::shell_quote((dir / "out").string()) + " --scene " +
                          sidecars(dir / "out").begin()->second.at("id").get<std::string>() + ":0 --json -k 1");
  EXPECT_EQ(q.exit_code, 0) << q.output;
  // No catalog: a usage error (exit code 2), not a crash.
  EXPECT_EQ(rs_cli("index " + rt::shell_quote((dir / "nothing").string())).exit_code, 2);
}

TEST(RunOptions, OutLockStopsASecondRunAndMerge) {
  const fs::path dir = rt::scratch_dir("opt-lock");
  fs::create_directories(dir / "in");
  fs::create_directories(dir / "out" / "journal");
  rt::make_clip(dir / "in", "a.mp4", "-f lavfi -i testsrc2=size=160x120:rate=25 -frames:v 10 -c:v libx264");
  const fs::path lock = dir / "out" / ".reelscale.lock";
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);  // as an active run would
  const Result r = rs_cli(run_args(dir / "in", dir / "out"));
  EXPECT_EQ(r.exit_code, 1) << r.output;  // the job cannot run (docs/cluster.md)
  EXPECT_NE(r.output.find("another reelscale run or merge is active"), std::string::npos) << r.output;
  const Result m = rs_cli("merge " + rt::shell_quote((dir / "out").string()));
  EXPECT_EQ(m.exit_code, 2) << m.output;  // `merge` reports it as a usage error
  EXPECT_TRUE(sidecars(dir / "out").empty()) << "a locked OUT was written to";
  ::close(fd);
  EXPECT_EQ(rs_cli(run_args(dir / "in", dir / "out")).exit_code, 0) << "lock released: the run goes ahead";
}

TEST(RunOptions, Rank0ServesOnlyUnderMpirun) {
  if (rt::run_shell("command -v mpirun >/dev/null 2>&1") != 0) GTEST_SKIP() << "mpirun not found";
  const fs::path dir = rt::scratch_dir("opt-rank0");
  fs::create_directories(dir / "in");
  for (const char* n : {"a.mp4", "b.mp4", "c.mp4"})
    rt::make_clip(dir / "in", n, "-f lavfi -i testsrc2=size=160x120:rate=25 -frames:v 12 -c:v libx264");
  const Result r = rs_cli(run_args(dir / "in", dir / "out", "--rank0-serves-only"), 2);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(sidecars(dir / "out").size(), 3u);
  // Every journalled asset was done by rank 1; rank 0 wrote no journal line.
  std::ifstream j1(dir / "out" / "journal" / "rank-1.jsonl");
  std::string line;
  int lines = 0;
  while (std::getline(j1, line)) {
    if (line.empty() || !json::parse(line).contains("id")) continue;  // not the shard checksum line
    ++lines;
    EXPECT_EQ(json::parse(line).at("rank"), 1) << line;
  }
  EXPECT_EQ(lines, 3);
  std::error_code ec;
  EXPECT_TRUE(!fs::exists(dir / "out" / "journal" / "rank-0.jsonl", ec) ||
              fs::file_size(dir / "out" / "journal" / "rank-0.jsonl") == 0);
}

TEST(RunOptions, TenBitAndInterlacedSources) {
  const fs::path dir = rt::scratch_dir("opt-10bit");
  fs::create_directories(dir / "in");
  // 10-bit 4:2:0 H.264 (High 10) and interlaced (top field first) H.264, each with a cut at frame 50.
  two_shot_clip(dir / "in", "ten.mkv", 50, 100, "-c:v libx264 -pix_fmt yuv420p10le");
  two_shot_clip(dir / "in", "interlaced.mkv", 50, 100,
                "-c:v libx264 -pix_fmt yuv420p -flags +ildct+ilme -x264-params tff=1");
  const Result r = rs_cli(run_args(dir / "in", dir / "out"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto s = sidecars(dir / "out");
  ASSERT_EQ(s.size(), 2u) << r.output;
  for (const auto& [name, j] : s) {
    EXPECT_EQ(j.at("status"), "ok") << name << ": " << j.value("error", "");
    EXPECT_EQ(j.at("frames"), 100) << name;
    const auto& tr = j.at("transitions");
    ASSERT_EQ(tr.size(), 1u) << name << ": " << tr.dump();
    EXPECT_EQ(tr[0].at("type"), "cut") << name;
    EXPECT_EQ(tr[0].at("start"), 50) << name;
  }
  const auto& ten = s.at("ten.mkv").at("streams")[0];
  EXPECT_EQ(ten.at("bit_depth"), 10);
  EXPECT_EQ(ten.at("pix_fmt"), "yuv420p10le");
  // (The interlaced-coded clip is decoded like any other; this ffmpeg build stores it
  // with field_order "progressive", so the field order itself is not asserted here.)
}
