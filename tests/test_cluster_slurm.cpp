/// @file test_cluster_slurm.cpp
/// Runs scripts/slurm-local.sh: a one-node Slurm (slurm-wlm + munge) in a
/// temporary folder, jobs/slurm/reelscale.sbatch submitted on the dev corpus
/// with 2 MPI ranks, the merged catalog checked, Slurm shut down. Skipped, with
/// the script's reason, when Slurm is not installed or its daemons cannot start.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/test_support.hpp"

namespace {

using reelscale::testing::reelscale_binary;
using reelscale::testing::run_capture;
using reelscale::testing::shell_quote;

TEST(ClusterSlurm, SingleNodeSlurmRunsTheBatchScriptOnTheDevCorpus) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  const std::filesystem::path script = std::filesystem::path(REELSCALE_SOURCE_DIR) / "scripts" / "slurm-local.sh";
  const std::string cmd = "timeout 840 bash " + shell_quote(script.string()) + " " +
                          shell_quote(reelscale_binary().string()) + " " + shell_quote(corpus.string()) +
                          " </dev/null 2>&1";
  int status = -1;
  const std::string out = run_capture(cmd, &status);
  if (status == 77) {
    const auto at = out.rfind("SKIP: ");
    GTEST_SKIP() << (at == std::string::npos ? out : out.substr(at));
  }
  EXPECT_EQ(status, 0) << (out.size() > 8000 ? "..." + out.substr(out.size() - 8000) : out);
  EXPECT_NE(out.find("PASS: Slurm job"), std::string::npos) << out;
}

}  // namespace
