/// @file test_cluster.cpp
/// The cluster layer end to end: the built `reelscale` under `mpirun` on a
/// 24-file archive made here from 1-3 s stream copies of the dev corpus (three
/// folders, one with a space, names with single and double quotes, one empty
/// file): -np 2 gives the same per-asset results as one process; SIGKILL of a
/// rank mid-run then --resume leaves every asset exactly once; `reelscale merge`
/// is idempotent; --job specs.

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog_reader.hpp"
#include "record/asset_id.hpp"
#include "support/test_support.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using reelscale::AssetRecord;
using reelscale::testing::reelscale_binary;
using reelscale::testing::run_capture;
using reelscale::testing::scratch_dir;
using reelscale::testing::shell_quote;

const char* kMpirun = "mpirun --allow-run-as-root --oversubscribe";

std::string tail(const std::string& s, std::size_t n = 4000) {
  return s.size() > n ? "..." + s.substr(s.size() - n) : s;
}

/// The 24-file archive, built once per test program.
struct Archive {
  fs::path root;
  std::vector<fs::path> files;
  std::string skip_reason;
};

const Archive& archive() {
  static Archive a = [] {
    Archive r;
    auto corpus = reelscale::testing::corpus_dir();
    if (!corpus) {
      r.skip_reason = "corpus not found: set REELSCALE_CORPUS (default ../shared/corpus/dev)";
      return r;
    }
    r.root = scratch_dir("cluster-archive");
    const std::vector<std::string> sources = {"alternation_mjpeg.mov",    "archive_mpeg4_avi.avi", "broadcast_ts.ts",
                                              "documentary_h264.mp4",     "longtake_vp8.webm",     "newsreel_mpeg2.mpg",
                                              "truncated_documentary.mp4"};
    const std::vector<std::pair<std::string, std::string>> folders = {
        {"alpha", ""}, {"beta with space", "it's "}, {"gamma", "\"quoted\" "}};
    int seconds = 1;
    for (const auto& [folder, prefix] : folders) {
      fs::create_directories(r.root / folder);
      for (const std::string& src : sources) {
        const fs::path dst = r.root / folder / (prefix + src);
        const std::string cmd = "ffmpeg -nostdin -hide_banner -loglevel error -y -t " + std::to_string(seconds) +
                                " -i " + shell_quote((*corpus / src).string()) + " -c copy -map 0:v -map 0:a? " +
                                shell_quote(dst.string()) + " </dev/null 2>&1";
        int status = 0;
        const std::string out = run_capture(cmd, &status);
        if (status != 0) {
          r.skip_reason = "ffmpeg could not cut " + src + ": " + out;
          return r;
        }
        r.files.push_back(dst);
      }
      // The 8th file of each folder: an empty one (an error asset).
      const fs::path empty = r.root / folder / (prefix + "empty.mp4");
      std::ofstream(empty).close();
      r.files.push_back(empty);
      ++seconds;
    }
    return r;
  }();
  return a;
}

#define REQUIRE_ARCHIVE(var)                                     \
  const Archive& var = archive();                                \
  if (!var.skip_reason.empty()) GTEST_SKIP() << var.skip_reason; \
  ASSERT_EQ(var.files.size(), 24u)

struct Result {
  int exit_code = -1;
  std::string output;
};

/// Runs `[mpirun -np N] reelscale ARGS`; np 0 = without mpirun.
Result reelscale(int np, const std::string& args, int timeout_s = 300) {
  std::string cmd = "timeout " + std::to_string(timeout_s) + " ";
  if (np > 0) cmd += std::string(kMpirun) + " -np " + std::to_string(np) + " ";
  cmd += shell_quote(reelscale_binary().string()) + " " + args + " </dev/null 2>&1";
  Result r;
  r.output = run_capture(cmd, &r.exit_code);
  return r;
}

std::string run_args(const fs::path& in, const fs::path& out, const std::string& extra = "") {
  return "run --input " + shell_quote(in.string()) + " --out " + shell_quote(out.string()) + " --threads 1 " + extra;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Every complete journal line below OUT/journal.
std::vector<json> journal_lines(const fs::path& out) {
  std::vector<json> v;
  std::error_code ec;
  if (!fs::is_directory(out / "journal", ec)) return v;
  for (const auto& de : fs::directory_iterator(out / "journal")) {
    const std::string text = read_text(de.path());
    std::size_t start = 0, nl;
    while ((nl = text.find('\n', start)) != std::string::npos) {
      if (nl > start) {
        try {
          json j = json::parse(text.substr(start, nl - start));
          if (j.contains("id")) v.push_back(std::move(j));  // not the shard checksum lines (docs/reliability.md)
        } catch (...) {  // a torn line of a killed rank
        }
      }
      start = nl + 1;
    }
  }
  return v;
}

std::size_t count_lines(const fs::path& p) {
  const std::string t = read_text(p);
  return std::size_t(std::count(t.begin(), t.end(), '\n'));
}

std::vector<std::string> expected_ids(const Archive& a) {
  std::vector<std::string> ids;
  for (const auto& f : a.files) ids.push_back(reelscale::record::asset_id_for_path(f.string()));
  std::sort(ids.begin(), ids.end());
  return ids;
}

bool same_double(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

/// Per-asset results that must not depend on how the work was shared out.
void expect_same_asset(const AssetRecord& a, const AssetRecord& b) {
  SCOPED_TRACE(a.path);
  EXPECT_EQ(a.path, b.path);
  EXPECT_EQ(a.fixity.size, b.fixity.size);
  EXPECT_EQ(a.fixity.mtime_ns, b.fixity.mtime_ns);
  EXPECT_EQ(a.fixity.md5, b.fixity.md5);
  EXPECT_EQ(a.fixity.sha256, b.fixity.sha256);
  EXPECT_EQ(to_string(a.status), to_string(b.status));
  EXPECT_EQ(a.error, b.error);
  EXPECT_EQ(a.frames, b.frames);
  EXPECT_EQ(a.decode_errors, b.decode_errors);
  EXPECT_TRUE(same_double(a.duration_s, b.duration_s));
  EXPECT_TRUE(same_double(a.fps, b.fps));
  ASSERT_EQ(a.series.size(), b.series.size());
  for (std::size_t i = 0; i < a.series.size(); ++i) ASSERT_TRUE(same_double(a.series.pts_s[i], b.series.pts_s[i]));
  EXPECT_EQ(a.series.phash, b.series.phash);
  EXPECT_EQ(a.series.mean_luma, b.series.mean_luma);
  EXPECT_EQ(a.series.content_diff, b.series.content_diff);
  EXPECT_EQ(a.series.thumb, b.series.thumb);
  ASSERT_EQ(a.shots.transitions.size(), b.shots.transitions.size());
  for (std::size_t i = 0; i < a.shots.transitions.size(); ++i) {
    EXPECT_EQ(a.shots.transitions[i].type, b.shots.transitions[i].type);
    EXPECT_EQ(a.shots.transitions[i].start_frame, b.shots.transitions[i].start_frame);
    EXPECT_EQ(a.shots.transitions[i].end_frame, b.shots.transitions[i].end_frame);
  }
  ASSERT_EQ(a.shots.shots.size(), b.shots.shots.size());
  for (std::size_t i = 0; i < a.shots.shots.size(); ++i) {
    EXPECT_EQ(a.shots.shots[i].start_frame, b.shots.shots[i].start_frame);
    EXPECT_EQ(a.shots.shots[i].end_frame, b.shots.shots[i].end_frame);
  }
}

/// All assets of a catalog, by id.
std::map<std::string, AssetRecord> read_catalog(const fs::path& h5) {
  std::map<std::string, AssetRecord> m;
  reelscale::catalog::CatalogReader r(h5);
  for (const auto& id : r.asset_ids()) m.emplace(id, r.read_asset(id, true));
  return m;
}

/// The reference: one process, no mpirun, computed once.
const std::map<std::string, AssetRecord>& reference() {
  static std::map<std::string, AssetRecord> ref = [] {
    const Archive& a = archive();
    const fs::path out = scratch_dir("cluster-ref") / "out";
    const Result r = reelscale(0, run_args(a.root, out));
    EXPECT_EQ(r.exit_code, 0) << tail(r.output);
    return r.exit_code == 0 ? read_catalog(out / "catalog.h5") : std::map<std::string, AssetRecord>{};
  }();
  return ref;
}

/// Checks the invariants of a finished run in OUT: the catalog holds every asset of
/// the archive exactly once, and every journalled id is in it.
void expect_complete_catalog(const Archive& a, const fs::path& out) {
  reelscale::catalog::CatalogReader r(out / "catalog.h5");
  const auto ids = r.asset_ids();
  EXPECT_EQ(ids, expected_ids(a));
  const auto table = r.read_assets_table();
  std::multiset<std::string> table_ids;
  for (const auto& row : table) table_ids.insert(row.id);
  EXPECT_EQ(table.size(), a.files.size());
  for (const auto& id : table_ids) EXPECT_EQ(table_ids.count(id), 1u) << "asset " << id << " twice in /assets_table";
  const std::set<std::string> in_catalog(ids.begin(), ids.end());
  for (const json& j : journal_lines(out))
    EXPECT_TRUE(in_catalog.count(j.at("id").get<std::string>()))
        << "journalled but missing from the catalog: " << j.dump();
  // one sidecar per asset
  for (const auto& id : ids) EXPECT_TRUE(fs::exists(out / "assets" / (id + ".json"))) << id;
}

// ------------------------------------------------------------------ tests ----

TEST(ClusterRun, TwoRanksGiveTheSameAssetsAsOneProcess) {
  REQUIRE_ARCHIVE(a);
  const auto& ref = reference();
  ASSERT_EQ(ref.size(), 24u);
  const fs::path out = scratch_dir("cluster-np2") / "out";
  const Result r = reelscale(2, run_args(a.root, out));
  ASSERT_EQ(r.exit_code, 0) << tail(r.output);
  expect_complete_catalog(a, out);
  // Both ranks did work, each into its own shard.
  EXPECT_GT(count_lines(out / "journal" / "rank-0.jsonl"), 0u) << tail(r.output);
  EXPECT_GT(count_lines(out / "journal" / "rank-1.jsonl"), 0u) << tail(r.output);
  EXPECT_TRUE(fs::exists(out / "shards" / "rank-0.attempt-1.h5"));
  EXPECT_TRUE(fs::exists(out / "shards" / "rank-1.attempt-1.h5"));
  EXPECT_NE(r.output.find("2 rank(s)"), std::string::npos) << tail(r.output);
  EXPECT_NE(r.output.find("ETA"), std::string::npos) << tail(r.output);
  const auto got = read_catalog(out / "catalog.h5");
  ASSERT_EQ(got.size(), ref.size());
  for (const auto& [id, rec] : ref) {
    ASSERT_TRUE(got.count(id)) << rec.path;
    expect_same_asset(rec, got.at(id));
  }
  // Error assets are recorded, not fatal.
  std::size_t errors = 0;
  for (const auto& [id, rec] : got) errors += rec.status == reelscale::AssetStatus::error;
  EXPECT_EQ(errors, 3u);
}

/// Starts `mpirun -np 2 reelscale run ...` in the background; returns mpirun's pid.
pid_t spawn_mpirun(const std::string& args, const fs::path& log) {
  const std::string cmd = "exec " + std::string(kMpirun) + " -np 2 " + shell_quote(reelscale_binary().string()) + " " +
                          args + " </dev/null >" + shell_quote(log.string()) + " 2>&1";
  const char* argv[] = {"/bin/sh", "-c", cmd.c_str(), nullptr};
  pid_t pid = -1;
  if (posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ) != 0) return -1;
  return pid;
}

/// The pid of MPI rank `rank` among the children of `parent` (from /proc/<pid>/environ).
pid_t find_rank(pid_t parent, int rank) {
  const std::string want = "OMPI_COMM_WORLD_RANK=" + std::to_string(rank);
  for (const auto& de : fs::directory_iterator("/proc")) {
    const std::string name = de.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string stat = read_text(de.path() / "stat");
    const auto rp = stat.rfind(')');
    if (rp == std::string::npos) continue;
    std::istringstream ss(stat.substr(rp + 2));
    char state;
    pid_t ppid = 0;
    ss >> state >> ppid;
    if (ppid != parent) continue;
    const std::string env = read_text(de.path() / "environ");
    std::size_t start = 0;
    while (start < env.size()) {
      const auto end = env.find('\0', start);
      if (env.compare(start, (end == std::string::npos ? env.size() : end) - start, want) == 0)
        return pid_t(std::stoi(name));
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  return -1;
}

TEST(ClusterResume, SigkillOfOneRankThenResumeGivesEveryAssetOnce) {
  REQUIRE_ARCHIVE(a);
  const fs::path dir = scratch_dir("cluster-kill");
  const fs::path out = dir / "out";
  const std::string args = run_args(a.root, out);
  const pid_t mpirun = spawn_mpirun(args, dir / "run1.log");
  ASSERT_GT(mpirun, 0);

  // Wait until rank 1 has journalled 2 assets, then SIGKILL it while it works on the next.
  const fs::path j1 = out / "journal" / "rank-1.jsonl";
  pid_t victim = -1;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  int status = 0;
  bool exited = false;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(mpirun, &status, WNOHANG) == mpirun) {
      exited = true;
      break;
    }
    std::error_code ec;
    if (fs::exists(j1, ec) && count_lines(j1) >= 2) {
      victim = find_rank(mpirun, 1);
      if (victim > 0) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(exited) << "the run ended before a rank could be killed:\n" << read_text(dir / "run1.log");
  ASSERT_GT(victim, 0) << "rank 1 not found\n" << read_text(dir / "run1.log");
  ASSERT_EQ(::kill(victim, SIGKILL), 0);
  ASSERT_EQ(waitpid(mpirun, &status, 0), mpirun);
  const std::string log1 = read_text(dir / "run1.log");
  EXPECT_FALSE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "mpirun succeeded despite the kill\n" << log1;
  const std::size_t journalled = journal_lines(out).size();
  EXPECT_GE(journalled, 2u);
  EXPECT_LT(journalled, 24u) << "everything was done before the kill";

  // Resume with the same command.
  const Result r = reelscale(2, args + " --resume");
  ASSERT_EQ(r.exit_code, 0) << tail(r.output);
  EXPECT_NE(r.output.find("already complete"), std::string::npos) << tail(r.output);
  expect_complete_catalog(a, out);
  const auto& ref = reference();
  const auto got = read_catalog(out / "catalog.h5");
  for (const auto& [id, rec] : ref) {
    ASSERT_TRUE(got.count(id)) << rec.path;
    expect_same_asset(rec, got.at(id));
  }
  // The second attempt did exactly what the first left undone (or unreadable).
  std::size_t second = 0, readable_first = 0;
  for (const json& j : journal_lines(out)) {
    if (j.at("attempt").get<int>() == 2) {
      ++second;
      continue;
    }
    fs::path shard = out / "shards" / j.at("shard").get<std::string>();
    if (!fs::exists(shard)) shard += ".partial";
    try {
      readable_first += reelscale::catalog::CatalogReader(shard).has_asset(j.at("id").get<std::string>());
    } catch (const std::exception&) {
    }
  }
  EXPECT_EQ(second, 24u - readable_first) << "resume redid completed assets or skipped missing ones";

  // A resume with nothing left to do processes nothing and keeps the catalog whole.
  const Result r3 = reelscale(0, args + " --resume");
  ASSERT_EQ(r3.exit_code, 0) << tail(r3.output);
  EXPECT_NE(r3.output.find("24 of 24 asset(s) already complete"), std::string::npos) << tail(r3.output);
  expect_complete_catalog(a, out);
}

TEST(ClusterResume, JournalledAssetsOfACorruptShardAreRedone) {
  REQUIRE_ARCHIVE(a);
  const fs::path out = scratch_dir("cluster-corrupt") / "out";
  const std::string args = run_args(a.root, out, "--include '*.avi' --include '*.webm'");
  const Result r = reelscale(0, args);
  ASSERT_EQ(r.exit_code, 0) << tail(r.output);
  const auto first = reelscale::catalog::list_asset_ids(out / "catalog.h5");
  ASSERT_EQ(first.size(), 6u);
  // What a killed rank can leave: its shard under the temporary name, cut short.
  const fs::path shard = out / "shards" / "rank-0.attempt-1.h5";
  fs::path partial = shard;
  partial += ".partial";
  fs::rename(shard, partial);
  fs::resize_file(partial, fs::file_size(partial) / 2);
  fs::remove(out / "catalog.h5");
  const Result m = reelscale(0, "merge " + shell_quote(out.string()));
  EXPECT_EQ(m.exit_code, 1) << "merge must report the assets it cannot read back\n" << tail(m.output);
  const Result r2 = reelscale(0, args + " --resume");
  ASSERT_EQ(r2.exit_code, 0) << tail(r2.output);
  EXPECT_NE(r2.output.find("0 of 6 asset(s) already complete"), std::string::npos) << tail(r2.output);
  EXPECT_EQ(reelscale::catalog::list_asset_ids(out / "catalog.h5"), first);
  EXPECT_TRUE(fs::exists(out / "shards" / "rank-0.attempt-2.h5"));
}

TEST(ClusterMerge, MergeIsIdempotentAndRebuildsTheCatalog) {
  REQUIRE_ARCHIVE(a);
  const fs::path out = scratch_dir("cluster-merge") / "out";
  const Result r = reelscale(2, run_args(a.root, out));
  ASSERT_EQ(r.exit_code, 0) << tail(r.output);
  const auto first = read_catalog(out / "catalog.h5");
  const auto table1 = reelscale::catalog::read_assets_table(out / "catalog.h5");
  for (int i = 0; i < 2; ++i) {
    const Result m = reelscale(0, "merge " + shell_quote(out.string()));
    ASSERT_EQ(m.exit_code, 0) << tail(m.output);
    expect_complete_catalog(a, out);
    const auto again = read_catalog(out / "catalog.h5");
    ASSERT_EQ(again.size(), first.size());
    for (const auto& [id, rec] : first) expect_same_asset(rec, again.at(id));
    const auto table = reelscale::catalog::read_assets_table(out / "catalog.h5");
    ASSERT_EQ(table.size(), table1.size());
    for (std::size_t k = 0; k < table.size(); ++k) EXPECT_EQ(table[k].id, table1[k].id) << "row order changed";
  }
  // Deleted catalog: merge rebuilds it from the shards.
  fs::remove(out / "catalog.h5");
  const Result m = reelscale(0, "merge " + shell_quote(out.string()));
  ASSERT_EQ(m.exit_code, 0) << tail(m.output);
  expect_complete_catalog(a, out);
  // Not a run folder: usage error.
  const Result bad = reelscale(0, "merge " + shell_quote((out / "assets").string()));
  EXPECT_EQ(bad.exit_code, 2) << tail(bad.output);
}

TEST(ClusterJob, JobSpecSelectsInputsGlobsAndOut) {
  REQUIRE_ARCHIVE(a);
  const fs::path dir = scratch_dir("cluster-job");
  const fs::path spec = dir / "spec.json";
  std::ofstream(spec) << json{
      {"name", "test"},
      {"inputs", {(a.root / "alpha").string(), (a.root / "beta with space").string()}},
      {"include", {"*.avi", "*.webm"}},
      {"out", "out"},  // relative to the spec's folder
      {"threads", 1},
      {"shots", true}}.dump(2);
  const Result r = reelscale(0, "run --job " + shell_quote(spec.string()));
  ASSERT_EQ(r.exit_code, 0) << tail(r.output);
  const auto ids = reelscale::catalog::list_asset_ids(dir / "out" / "catalog.h5");
  std::vector<std::string> want;
  for (const auto& f : a.files) {
    const std::string folder = f.parent_path().filename().string();
    if ((folder == "alpha" || folder == "beta with space") && (f.extension() == ".avi" || f.extension() == ".webm"))
      want.push_back(reelscale::record::asset_id_for_path(f.string()));
  }
  std::sort(want.begin(), want.end());
  EXPECT_EQ(ids, want);
  EXPECT_EQ(ids.size(), 4u);

  // A spec with an unknown key is a usage error.
  std::ofstream(dir / "bad.json") << R"({"inputs": ["x"], "out": "o", "thread": 2})";
  const Result bad = reelscale(0, "run --job " + shell_quote((dir / "bad.json").string()));
  EXPECT_EQ(bad.exit_code, 2) << tail(bad.output);
  EXPECT_NE(bad.output.find("unknown key 'thread'"), std::string::npos) << tail(bad.output);
}

TEST(ClusterRun, UsageErrorUnderMpirunEndsEveryRank) {
  const fs::path dir = scratch_dir("cluster-usage");
  const Result r = reelscale(2, run_args(dir / "no-such-input", dir / "out"), 120);
  EXPECT_EQ(r.exit_code, 2) << tail(r.output);
}

}  // namespace
