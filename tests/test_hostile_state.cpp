/// @file test_hostile_state.cpp
/// Damaged state and budgets (issue 11, docs/reliability.md): shard checksums
/// journalled at close and verified before merge and --resume use a shard (a flipped
/// byte that HDF5 still reads is caught and the shard quarantined, its assets redone),
/// and the memory budget (AssetBudget::max_memory_bytes) check of src/ingest.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ingest/asset_budget.hpp"
#include "ingest/memory_budget.hpp"
#include "pipeline/asset_pipeline.hpp"
#include "run/journal.hpp"
#include "run/out_guard.hpp"
#include "run/out_lock.hpp"
#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
namespace rt = reelscale::testing;
namespace run = reelscale::run;

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_file(const fs::path& p, const std::string& body) { std::ofstream(p, std::ios::binary) << body; }

int reelscale(const std::string& args, std::string* log) {
  int st = 0;
  *log = rt::run_capture(rt::shell_quote(rt::reelscale_binary().string()) + " " + args + " 2>&1", &st);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/// VmRSS of /proc/self/status in bytes: an independent reading of the resident set.
std::uint64_t vmrss_bytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  return 0;
}

// ------------------------------------------------------------ memory budget ----

TEST(HostileBudget, ResidentBytesAgreesWithVmRss) {
  const std::uint64_t a = reelscale::ingest::resident_bytes(), b = vmrss_bytes();
  ASSERT_GT(a, 0u);
  ASSERT_GT(b, 0u);
  EXPECT_NEAR(double(a), double(b), 4.0 * (1 << 20));  // same counter, read microseconds apart
}

TEST(HostileBudget, GrowthOverTheBudgetIsAnErrorNamingTheField) {
  reelscale::ingest::MemoryWatch w(64ull << 20);
  EXPECT_EQ(w.check("clip.mp4"), "");
  // Touch 160 MiB (every page), the way a decoder's frame pool or a series would.
  std::vector<char> big(160u << 20);
  for (std::size_t i = 0; i < big.size(); i += 4096) big[i] = char(i);
  const std::string e = w.check("clip.mp4");
  EXPECT_NE(e.find("max_memory_bytes"), std::string::npos) << e;
  EXPECT_NE(e.find("'clip.mp4'"), std::string::npos) << e;
  EXPECT_NE(e.find("growth of the resident set"), std::string::npos) << e;
  EXPECT_EQ(big[4096], char(4096));
}

TEST(HostileBudget, AccountedBytesCountAndZeroMeansNoLimit) {
  const reelscale::ingest::AssetBudget b;
  EXPECT_EQ(b.max_memory_bytes, 4ull << 30);  // the documented default
  reelscale::ingest::MemoryWatch w(b.max_memory_bytes);
  EXPECT_EQ(w.check("a.mkv", 1ull << 30), "");
  const std::string e = w.check("a.mkv", 5ull << 30);
  EXPECT_NE(e.find("needs 5120 MiB (held by the pipeline), over the memory budget of 4096 MiB (max_memory_bytes)"),
            std::string::npos)
      << e;
  EXPECT_EQ(reelscale::ingest::MemoryWatch(0).check("a.mkv", 1ull << 40), "");
  EXPECT_EQ(reelscale::ingest::memory_budget_error("x", 10, 10, "y"), "");
}

TEST(HostileBudget, PipelineStopsAnAssetOverTheMemoryBudgetAndTheNextAssetRuns) {
  // The pipeline checks the budget every 64 frames (pipeline/asset_pipeline.cpp). A 720p H.264
  // clip's decoder (frame threads, reference frames) grows the process by far more than 1 MiB.
  const fs::path d = rt::scratch_dir("hostile-memory");
  rt::make_clip(d, "hd.mp4", "-f lavfi -i testsrc2=size=1280x720:rate=25 -frames:v 200 -c:v libx264 -pix_fmt yuv420p");
  reelscale::pipeline::PipelineOptions o;
  o.budget.max_memory_bytes = 1u << 20;
  const reelscale::AssetRecord over = reelscale::pipeline::analyse_asset(d / "hd.mp4", o);
  EXPECT_EQ(over.status, reelscale::AssetStatus::error);
  EXPECT_NE(over.error.find("max_memory_bytes"), std::string::npos) << over.error;
  EXPECT_LT(over.series.size(), 200u);  // stopped early, not after decoding everything
  // The default budget (4 GiB) lets the same clip through.
  const reelscale::AssetRecord ok = reelscale::pipeline::analyse_asset(d / "hd.mp4", {});
  EXPECT_EQ(ok.status, reelscale::AssetStatus::ok) << ok.error;
  EXPECT_EQ(ok.frames, 200);
}

// ----------------------------------------------------------- shard checksums ----

/// A finished run of two clips in d/OUT. @return the run arguments (without --resume).
std::string finished_run(const fs::path& d) {
  fs::create_directories(d / "in");
  for (const char* n : {"a.mp4", "b.mp4"})
    rt::make_clip(d / "in", n, "-f lavfi -i testsrc2=size=160x120:rate=25 -frames:v 20 -c:v libx264 -pix_fmt yuv420p");
  const std::string args = "run --input " + rt::shell_quote((d / "in").string()) + " --out " +
                           rt::shell_quote((d / "OUT").string()) + " --no-scenes --no-index --threads 2";
  std::string log;
  EXPECT_EQ(reelscale(args, &log), 0) << log;
  return args;
}

fs::path only_shard(const fs::path& out) {
  std::vector<fs::path> v;
  for (const auto& e : fs::directory_iterator(out / "shards")) v.push_back(e.path());
  EXPECT_EQ(v.size(), 1u);
  return v.empty() ? fs::path() : v[0];
}

TEST(HostileShardChecksum, EachClosedShardIsJournalledWithItsSha256) {
  const fs::path d = rt::scratch_dir("hostile-sum");
  finished_run(d);
  const fs::path shard = only_shard(d / "OUT");
  const auto sums = run::read_shard_checksums(d / "OUT");
  ASSERT_EQ(sums.count(shard.filename().string()), 1u);
  const auto& c = sums.at(shard.filename().string());
  // Independent reference: coreutils sha256sum of the same file.
  const std::string ref = rt::run_capture("sha256sum " + rt::shell_quote(shard.string()));
  EXPECT_EQ(c.sha256, ref.substr(0, 64));
  EXPECT_EQ(c.bytes, fs::file_size(shard));
  EXPECT_EQ(run::shard_checksum_mismatch(shard, c), "");
  std::size_t skipped = 99;
  EXPECT_EQ(run::read_journals(d / "OUT", &skipped).size(), 2u);  // the checksum line is not an asset line
  EXPECT_EQ(skipped, 0u);
  EXPECT_TRUE(run::quarantine_corrupt_shards(d / "OUT").empty());
}

TEST(HostileShardChecksum, AFlippedByteHdf5StillReadsIsQuarantinedAndResumeRedoesItsAssets) {
  const fs::path d = rt::scratch_dir("hostile-sum-flip");
  const std::string args = finished_run(d);
  const fs::path shard = only_shard(d / "OUT");
  const std::string good = read_all(shard);
  // Find a byte (raw data, not HDF5 metadata) whose flip the reader does not notice.
  std::size_t at = 0;
  for (int k = 8; k < 64 && !at; ++k) {
    std::string b = good;
    const std::size_t i = b.size() * std::size_t(k) / 64;
    b[i] = char(b[i] ^ 0x01);
    write_file(shard, b);
    try {
      if (run::validate_catalog_file(shard, 60) == 2) at = i;
    } catch (const std::exception&) {
    }
  }
  ASSERT_NE(at, 0u) << "no flipped byte left the shard readable";
  ASSERT_NE(read_all(shard), good);
  // Without the checksum the damage would pass: the reader opens and reads all assets.
  EXPECT_EQ(run::validate_catalog_file(shard, 60), 2);
  std::string log;
  EXPECT_EQ(reelscale(args + " --resume", &log), 0) << log;
  EXPECT_NE(log.find("does not match the checksum journalled"), std::string::npos) << log;
  EXPECT_NE(log.find("shard quarantined"), std::string::npos) << log;
  EXPECT_NE(log.find("2 to do"), std::string::npos) << log;  // its assets are redone
  EXPECT_TRUE(fs::exists(d / "OUT" / "quarantine" / shard.filename()));
  EXPECT_EQ(run::validate_catalog_file(d / "OUT" / "catalog.h5", 60, false), 2);
  // The new attempt's shard is journalled too and verifies: a second resume has nothing to do.
  EXPECT_EQ(reelscale(args + " --resume", &log), 0) << log;
  EXPECT_NE(log.find("2 of 2 asset(s) already complete, 0 to do"), std::string::npos) << log;
  EXPECT_EQ(log.find("shard quarantined"), std::string::npos) << log;
}

TEST(HostileOut, MissingJobFolderOrJobSpecLeavesAFinishedOutIntact) {
  const fs::path d = rt::scratch_dir("hostile-job");
  finished_run(d);
  const std::string before = read_all(d / "OUT" / "catalog.h5");
  ASSERT_FALSE(before.empty());
  const fs::path shard = only_shard(d / "OUT");
  // A job spec whose input folder is gone (moved, unmounted, mistyped).
  write_file(d / "job.json", "{\"inputs\": [\"" + (d / "in-gone").string() + "\"], \"out\": \"" +
                                 (d / "OUT").string() + "\"}");
  std::string log;
  EXPECT_NE(reelscale("run --job " + rt::shell_quote((d / "job.json").string()) + " --no-scenes --no-index", &log), 0)
      << log;
  EXPECT_NE(log.find("does not exist"), std::string::npos) << log;
  // A job spec that is itself missing.
  EXPECT_NE(reelscale("run --job " + rt::shell_quote((d / "nojob.json").string()) + " --out " +
                          rt::shell_quote((d / "OUT").string()) + " --no-scenes --no-index",
                      &log),
            0)
      << log;
  EXPECT_EQ(read_all(d / "OUT" / "catalog.h5"), before);
  EXPECT_TRUE(fs::exists(shard));
  EXPECT_FALSE(fs::exists(d / "OUT" / "previous")) << "nothing may be moved before the input is validated";
  EXPECT_EQ(run::read_journals(d / "OUT").size(), 2u);
}

TEST(HostileOut, OneLockForRunMergeAndIndex) {
  const fs::path d = rt::scratch_dir("hostile-lock");
  const std::string args = finished_run(d);
  const std::string before = read_all(d / "OUT" / "catalog.h5");
  std::string log;
  {
    const run::OutLock held(d / "OUT");  // another writer is active on OUT
    for (const std::string& cmd : {args + " --resume", std::string("merge ") + rt::shell_quote((d / "OUT").string()),
                                   std::string("index ") + rt::shell_quote((d / "OUT").string())}) {
      EXPECT_NE(reelscale(cmd, &log), 0) << cmd << "\n" << log;
      EXPECT_NE(log.find("another reelscale run or merge is active"), std::string::npos) << cmd << "\n" << log;
    }
    EXPECT_EQ(read_all(d / "OUT" / "catalog.h5"), before);
  }
  EXPECT_EQ(reelscale(std::string("merge ") + rt::shell_quote((d / "OUT").string()), &log), 0) << log;
}

}  // namespace
