// Cost of the audio analysis (issue 6: at most +10 % on the wall time of
// `reelscale run`). Runs the per-asset pipeline over the dev corpus with and
// without audio + ad breaks, alternating, and prints wall and CPU seconds.
// Opt-in: REELSCALE_BENCH_AUDIO=<rounds> (it takes minutes); skipped otherwise.

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "pipeline/asset_pipeline.hpp"
#include "support/test_support.hpp"

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

}  // namespace

TEST(AudioOverhead, CorpusWallAndCpu) {
  const char* env = std::getenv("REELSCALE_BENCH_AUDIO");
  if (!env) GTEST_SKIP() << "set REELSCALE_BENCH_AUDIO=<rounds> to measure";
  REELSCALE_REQUIRE_CORPUS(corpus);
  const int rounds = std::max(1, std::atoi(env));
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(corpus))
    if (e.path().extension() != ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  double wall[2] = {0, 0}, cpu[2] = {0, 0};
  for (int r = 0; r < rounds; ++r)
    for (int pass = 0; pass < 2; ++pass) {
      const int on = (r % 2 == 0) ? pass : 1 - pass;  // alternate the order between rounds
      reelscale::pipeline::PipelineOptions o;
      o.analyse_audio = on;
      o.detect_ad_breaks = on;
      const double c0 = cpu_seconds();
      const auto t0 = std::chrono::steady_clock::now();
      for (const auto& f : files) (void)reelscale::pipeline::analyse_asset(f, o);
      const double w = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double c = cpu_seconds() - c0;
      wall[on] += w;
      cpu[on] += c;
      std::printf("round %d audio %-3s wall %7.2f s  cpu %7.2f s\n", r, on ? "on" : "off", w, c);
    }
  std::printf("mean over %d rounds: wall off %.2f s, on %.2f s (%+.1f %%); cpu off %.2f s, on %.2f s (%+.1f %%)\n",
              rounds, wall[0] / rounds, wall[1] / rounds, 100 * (wall[1] / wall[0] - 1), cpu[0] / rounds,
              cpu[1] / rounds, 100 * (cpu[1] / cpu[0] - 1));
}
