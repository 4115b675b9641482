#include "support/test_support.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

namespace reelscale::testing {
namespace fs = std::filesystem;

std::optional<fs::path> corpus_dir() {
  fs::path p;
  if (const char* env = std::getenv("REELSCALE_CORPUS"); env && *env) {
    p = env;
  } else {
    p = fs::path(REELSCALE_SOURCE_DIR) / ".." / "shared" / "corpus" / "dev";
  }
  std::error_code ec;
  if (!fs::is_directory(p, ec)) return std::nullopt;
  return fs::weakly_canonical(p);
}

namespace {
struct ScratchCleaner {
  std::vector<fs::path> dirs;
  ~ScratchCleaner() {
    if (std::getenv("REELSCALE_KEEP_TMP")) return;
    for (auto& d : dirs) {
      std::error_code ec;
      fs::remove_all(d, ec);
    }
  }
};
ScratchCleaner& cleaner() {
  static ScratchCleaner c;
  return c;
}
}  // namespace

fs::path scratch_dir(const std::string& tag) {
  std::random_device rd;
  auto dir = fs::temp_directory_path() / ("reelscale-" + tag + "-" + std::to_string(rd()) + std::to_string(rd()));
  fs::create_directories(dir);
  cleaner().dirs.push_back(dir);
  return dir;
}

std::vector<CorpusProgramme> corpus_programmes(const fs::path& corpus) {
  const std::string suffix = ".truth.json";
  std::vector<CorpusProgramme> out;
  for (const auto& e : fs::directory_iterator(corpus)) {
    const std::string n = e.path().filename().string();
    if (n.size() <= suffix.size() || n.compare(n.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    const std::string stem = n.substr(0, n.size() - suffix.size());
    for (const auto& v : fs::directory_iterator(corpus))
      if (v.path().stem() == stem && v.path().filename() != n) out.push_back({stem, fs::absolute(v.path()), e.path()});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

int run_shell(const std::string& cmd) {
  int rc = std::system(cmd.c_str());
  if (rc == -1) return -1;
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string run_capture(const std::string& cmd, int* status) {
  std::string out;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) {
    if (status) *status = -1;
    return out;
  }
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  int rc = ::pclose(pipe);
  if (status) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'')
      q += "'\\''";
    else
      q += c;
  }
  return q + "'";
}

fs::path make_clip(const fs::path& dir, const std::string& name, const std::string& args) {
  auto out = dir / name;
  const std::string cmd = "ffmpeg -nostdin -v error -y " + args + " " + shell_quote(out.string()) + " </dev/null";
  EXPECT_EQ(run_shell(cmd), 0) << cmd;
  return out;
}

fs::path reelscale_binary() { return fs::path(REELSCALE_BINARY); }

}  // namespace reelscale::testing
