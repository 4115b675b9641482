/// @file test_disk_full.cpp
/// Disk full (issue 11): a run whose OUT sits on a file system that fills up stops with
/// "no space left on device" (nothing half-written is journalled as done), and once
/// space is back a `--resume` recovers every asset: catalog, sidecars and non-empty
/// keyframes, equal to a run that never ran out of space. OUT is a small tmpfs
/// (mount(8); the test skips where mounting is not permitted).

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "catalog/catalog_reader.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
namespace rt = reelscale::testing;

namespace {

struct Tmpfs {
  fs::path dir;
  bool ok = false;
  Tmpfs(const fs::path& d, const std::string& size) : dir(d) {
    fs::create_directories(d);
    ok = rt::run_shell("mount -t tmpfs -o size=" + size + " tmpfs " + rt::shell_quote(d.string()) + " 2>/dev/null") == 0;
  }
  bool resize(const std::string& size) {
    return rt::run_shell("mount -o remount,size=" + size + " " + rt::shell_quote(dir.string()) + " 2>/dev/null") == 0;
  }
  ~Tmpfs() {
    if (ok) rt::run_shell("umount -l " + rt::shell_quote(dir.string()) + " 2>/dev/null");
  }
};

int reelscale(const std::string& args, std::string* log) {
  int st = 0;
  *log = rt::run_capture(rt::shell_quote(rt::reelscale_binary().string()) + " " + args + " 2>&1", &st);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/// Fills a tmpfs of `size` during a run, then checks the resume (see the file comment).
void fill_then_resume(const std::string& size) {
  const auto corpus = rt::corpus_dir();
  if (!corpus) GTEST_SKIP() << "corpus not found (REELSCALE_CORPUS)";
  const fs::path d = rt::scratch_dir("disk_full_" + size);
  fs::create_directories(d / "in");
  for (const char* f : {"alternation_mjpeg.mov", "longtake_vp8.webm", "newsreel_mpeg2.mpg"}) {
    ASSERT_TRUE(fs::exists(*corpus / f)) << f;
    fs::create_symlink(*corpus / f, d / "in" / f);
  }
  Tmpfs small(d / "small", size);
  if (!small.ok) GTEST_SKIP() << "cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN)";
  const std::string args = "run --input " + rt::shell_quote((d / "in").string()) + " --allow-root " +
                           rt::shell_quote(corpus->string()) + " --threads 2 --no-report --out ";
  std::string log;
  const int full = reelscale(args + rt::shell_quote((small.dir / "OUT").string()), &log);
  EXPECT_NE(full, 0) << "a run that ran out of space must not exit 0:\n" << log;
  EXPECT_NE(log.find("no space left on device"), std::string::npos) << log;

  ASSERT_TRUE(small.resize("256m"));
  ASSERT_EQ(reelscale(args + rt::shell_quote((small.dir / "OUT").string()) + " --resume", &log), 0) << log;
  ASSERT_EQ(reelscale(args + rt::shell_quote((d / "REF").string()), &log), 0) << log;

  // Everything is there, as in the run that had space.
  const auto got = reelscale::catalog::read_assets_table(small.dir / "OUT" / "catalog.h5");
  const auto want = reelscale::catalog::read_assets_table(d / "REF" / "catalog.h5");
  ASSERT_EQ(got.size(), 3u);
  ASSERT_EQ(want.size(), 3u);
  for (const auto& w : want) {
    const auto a = reelscale::catalog::read_asset(small.dir / "OUT" / "catalog.h5", w.id, true);
    const auto b = reelscale::catalog::read_asset(d / "REF" / "catalog.h5", w.id, true);
    EXPECT_EQ(a.status, b.status) << w.id;
    EXPECT_EQ(a.frames, b.frames) << w.id;
    EXPECT_EQ(a.fixity.sha256, b.fixity.sha256) << w.id;
    EXPECT_EQ(a.shots.shots.size(), b.shots.shots.size()) << w.id;
    EXPECT_EQ(a.scenes.scenes.size(), b.scenes.scenes.size()) << w.id;
    EXPECT_EQ(a.series.phash, b.series.phash) << w.id;
    const auto side = nlohmann::json::parse(std::ifstream(small.dir / "OUT" / "assets" / (w.id + ".json")));
    EXPECT_EQ(side.value("frames", -1), b.frames) << w.id;
  }
  std::size_t keyframes = 0;
  for (const auto& e : fs::recursive_directory_iterator(small.dir / "OUT" / "keyframes"))
    if (e.is_regular_file()) {
      ++keyframes;
      EXPECT_GT(e.file_size(), 0u) << e.path();
    }
  std::size_t ref_keyframes = 0;
  for (const auto& e : fs::recursive_directory_iterator(d / "REF" / "keyframes")) ref_keyframes += e.is_regular_file();
  EXPECT_EQ(keyframes, ref_keyframes);
}

// 400 KiB: the shard write fails (HDF5 cannot flush); 1.5 MiB: the shards fit, the merge
// does not (refused before HDF5's H5Ocopy, which crashes on ENOSPC).
TEST(DiskFull, ShardWriteFailsThenResumeRecoversEverything) { fill_then_resume("400k"); }
TEST(DiskFull, MergeDoesNotFitThenResumeRecoversEverything) { fill_then_resume("1536k"); }

}  // namespace
