#pragma once
/// @file test_support.hpp
/// Shared helpers for the test programs: corpus lookup, scratch folders,
/// running commands (ffmpeg lavfi clip generation, the reelscale binary).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace reelscale::testing {

/// The dev corpus: $REELSCALE_CORPUS, else <source>/../shared/corpus/dev.
/// Empty optional when the folder does not exist (tests then GTEST_SKIP with a message).
std::optional<std::filesystem::path> corpus_dir();

/// A fresh, empty scratch folder under the system temp dir, removed at exit
/// unless REELSCALE_KEEP_TMP is set.
std::filesystem::path scratch_dir(const std::string& tag);

/// A corpus programme: the media file next to its `<name>.truth.json`.
struct CorpusProgramme {
  std::string name;             ///< file stem, e.g. "newsreel_mpeg2"
  std::filesystem::path video;  ///< absolute path of the media file
  std::filesystem::path truth;  ///< its truth file
};

/// The programmes of `corpus` that have a truth file, sorted by name.
std::vector<CorpusProgramme> corpus_programmes(const std::filesystem::path& corpus);

/// Runs `cmd` through /bin/sh; returns its exit status (-1 if it could not run).
int run_shell(const std::string& cmd);

/// Runs `cmd` and returns its standard output.
std::string run_capture(const std::string& cmd, int* status = nullptr);

/// Single-quotes `s` for /bin/sh.
std::string shell_quote(const std::string& s);

/// Runs `ffmpeg -nostdin -v error -y ARGS DIR/NAME` (e.g. ARGS = "-f lavfi -i testsrc2 ...")
/// and returns DIR/NAME; a failing command is a test failure (EXPECT).
std::filesystem::path make_clip(const std::filesystem::path& dir, const std::string& name, const std::string& args);

/// Path of the built `reelscale` executable.
std::filesystem::path reelscale_binary();

}  // namespace reelscale::testing

/// Skips the current test with a clear message when the corpus is absent.
#define REELSCALE_REQUIRE_CORPUS(var)                                  \
  auto var##_opt = ::reelscale::testing::corpus_dir();                 \
  if (!var##_opt)                                                      \
    GTEST_SKIP() << "corpus not found: set REELSCALE_CORPUS (default " \
                    "../shared/corpus/dev next to the source tree)";   \
  const std::filesystem::path var = *var##_opt
