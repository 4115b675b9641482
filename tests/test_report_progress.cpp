/// @file test_report_progress.cpp
/// Progress lines and OUT/status.json: counters, the terminal line, and that
/// a reader polling status.json while it is rewritten never sees a partial file.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "report/progress.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace reelscale::progress;

namespace {

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

TEST(Progress, StatusJsonHoldsTheCountersAndEndsDone) {
  const fs::path dir = reelscale::testing::scratch_dir("progress_status");
  const fs::path status = dir / "status.json";
  Reporter r(status, false, 4, 400.0);
  EXPECT_EQ(read_json(status).at("state"), "running");
  EXPECT_TRUE(r.asset_done(0, "ok", 100, 4.0, 100));
  r.asset_done(1, "damaged", 50, 2.0, 100);
  r.asset_done(0, "error", 0, 0.0, 100);
  r.finish();
  const auto j = read_json(status);
  EXPECT_EQ(j.at("state"), "done");
  EXPECT_EQ(j.at("assets_done"), 3);
  EXPECT_EQ(j.at("assets_total"), 4);
  EXPECT_EQ(j.at("ok"), 1);
  EXPECT_EQ(j.at("damaged"), 1);
  EXPECT_EQ(j.at("error"), 1);
  EXPECT_EQ(j.at("frames"), 150);
  EXPECT_NEAR(j.at("media_hours").get<double>(), 6.0 / 3600, 1e-12);
  EXPECT_EQ(j.at("ranks").at("0").at("assets_done"), 2);
  EXPECT_EQ(j.at("ranks").at("1").at("frames"), 50);
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename(), "status.json") << "temporary file left behind";
}

TEST(Progress, EtaIsByBytes) {
  Counters c;
  c.total = 10, c.done = 5, c.bytes_total = 1000, c.bytes_done = 250;  // small files first
  EXPECT_NEAR(eta_s(c, 10.0), 30.0, 1e-9);
  c.done = 10;
  EXPECT_EQ(eta_s(c, 10.0), 0.0);
  EXPECT_TRUE(std::isnan(eta_s(Counters{0, 3}, 1.0)));
}

TEST(Progress, BarModeRedrawsOneLineAndLogModeDoesNot) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Reporter r({}, true, 2, 0, f);
  EXPECT_FALSE(r.asset_done(0, "ok", 10, 1.0, 0)) << "bar mode: caller does not log per-asset lines";
  r.asset_done(0, "ok", 10, 1.0, 0);
  r.finish();
  std::rewind(f);
  std::string text(4096, '\0');
  text.resize(std::fread(text.data(), 1, text.size(), f));
  std::fclose(f);
  EXPECT_NE(text.find("\r\x1b[2K"), std::string::npos);
  EXPECT_NE(text.find("2/2 assets"), std::string::npos) << text;
  EXPECT_NE(text.find("[####################]"), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << "a single line, ended once at finish";
  EXPECT_EQ(bar_line("job", Counters{1, 4}, 0).rfind("job [#####...............] 1/4 assets", 0), 0u);
  EXPECT_THROW(parse_mode("fancy"), std::invalid_argument);
  EXPECT_FALSE(use_bar(Mode::log, 2));
  EXPECT_TRUE(use_bar(Mode::bar, 2));
}

TEST(Progress, PollingReaderNeverSeesAPartialStatusFile) {
  const fs::path dir = reelscale::testing::scratch_dir("progress_atomic");
  const fs::path p = dir / "status.json";
  nlohmann::json big;
  for (int i = 0; i < 2000; ++i) big["ranks"][std::to_string(i)] = {{"frames", i}, {"note", std::string(40, 'x')}};
  write_json_atomic(p, big);
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0}, bad{0};
  std::thread reader([&] {
    while (!stop) {
      std::ifstream in(p);
      try {
        auto j = nlohmann::json::parse(in);
        if (j.at("ranks").size() != 2000) ++bad;
      } catch (...) {
        ++bad;
      }
      ++reads;
    }
  });
  for (int i = 0; i < 150; ++i) {
    big["seq"] = i;
    write_json_atomic(p, big);
  }
  stop = true;
  reader.join();
  EXPECT_GT(reads.load(), 10);
  EXPECT_EQ(bad.load(), 0) << "of " << reads.load() << " reads";
}

}  // namespace
