// The layering rules of docs/architecture.md are enforced by the build: a shot
// detector that includes HDF5, FFmpeg, Faiss or MPI headers does not compile, the
// allowed folder does. Uses the build's own compile commands (compile_commands.json).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
namespace rt = reelscale::testing;

namespace {

struct Command {
  std::string directory, command;
};

/// The compile command of `source` (relative to the repository), or empty when absent.
Command compile_command(const std::string& source) {
  const fs::path db = rt::reelscale_binary().parent_path() / "compile_commands.json";
  std::ifstream in(db);
  if (!in) return {};
  const auto j = nlohmann::json::parse(in);
  const std::string want = (fs::path(REELSCALE_SOURCE_DIR) / source).lexically_normal().string();
  for (const auto& e : j)
    if (fs::path(e.at("file").get<std::string>()).lexically_normal().string() == want)
      return {e.at("directory").get<std::string>(), e.at("command").get<std::string>()};
  return {};
}

/// Compiles `source` with `first_line` prepended (syntax only), with the build's flags.
/// Returns the exit status; *out gets the compiler's messages.
int probe(const std::string& source, const std::string& first_line, std::string* out) {
  const Command c = compile_command(source);
  if (c.command.empty()) return -100;
  const fs::path dir = rt::scratch_dir("arch-probe");
  const fs::path file = dir / fs::path(source).filename();
  {
    std::ifstream src(fs::path(REELSCALE_SOURCE_DIR) / source);
    std::ofstream dst(file);
    dst << first_line << "\n" << src.rdbuf();
  }
  // "-o OBJ -c SRC" -> "-fsyntax-only SRC'"
  std::string cmd = std::regex_replace(c.command, std::regex(R"(\s-o\s+\S+)"), " ");
  cmd = std::regex_replace(cmd, std::regex(R"(\s-c\s+\S+)"), " ");
  cmd = "cd " + rt::shell_quote(c.directory) + " && " + cmd + " -fsyntax-only " + rt::shell_quote(file.string()) +
        " 2>&1";
  int status = 0;
  *out = rt::run_capture(cmd, &status);
  return status;
}

}  // namespace

TEST(Architecture, ControlCompileOfAShotDetectorSucceeds) {
  std::string out;
  const int rc = probe("src/shots/cut_detector.cpp", "", &out);
  if (rc == -100) GTEST_SKIP() << "no compile_commands.json entry for src/shots/cut_detector.cpp";
  EXPECT_EQ(rc, 0) << out;
}

TEST(Architecture, ThirdPartyHeadersOutsideTheirFolderDoNotCompile) {
  const struct {
    const char* include;
    const char* rule;
  } probes[] = {{"#include <hdf5.h>", "outside src/catalog"},
                {"#include <libavcodec/avcodec.h>", "outside src/media"},
                {"#include <faiss/Index.h>", "outside indexes/"},
                {"#include <mpi.h>", "outside cluster/"}};
  for (const auto& p : probes) {
    std::string out;
    const int rc = probe("src/shots/cut_detector.cpp", p.include, &out);
    if (rc == -100) GTEST_SKIP() << "no compile_commands.json entry for src/shots/cut_detector.cpp";
    EXPECT_NE(rc, 0) << p.include << " compiled in src/shots";
    EXPECT_NE(out.find(p.rule), std::string::npos) << out;
  }
}

TEST(Architecture, AllowedFolderSeesItsLibrary) {
  std::string out;
  int rc = probe("src/catalog/catalog_writer.cpp", "#include <hdf5.h>", &out);
  if (rc == -100) GTEST_SKIP() << "no compile_commands.json entry for src/catalog/catalog_writer.cpp";
  EXPECT_EQ(rc, 0) << out;
  rc = probe("src/media/probe.cpp", "extern \"C\" {\n#include <libavcodec/avcodec.h>\n}", &out);
  EXPECT_EQ(rc, 0) << out;
}

TEST(Architecture, PublicCatalogHeadersAreHdf5Free) {
  // A stage outside the catalog may include every public catalog header.
  std::string out;
  const int rc = probe("src/shots/cut_detector.cpp",
                       "#include \"catalog/catalog_reader.hpp\"\n#include \"catalog/catalog_writer.hpp\"\n"
                       "#include \"catalog/json_sidecar.hpp\"\n#include \"catalog/scene_catalog.hpp\"\n"
                       "#include \"catalog/audio_catalog.hpp\"",
                       &out);
  if (rc == -100) GTEST_SKIP() << "no compile_commands.json entry";
  EXPECT_EQ(rc, 0) << out;
}

TEST(Architecture, PipelineAndCapabilityAreasDoNotSeeFfmpeg) {
  // Issue 10: src/pipeline lost its FFmpeg exception; the capability areas are poisoned too.
  for (const char* file : {"src/pipeline/frame_stages.cpp", "src/outputs/asset_outputs.cpp"}) {
    std::string out;
    const int rc = probe(file, "extern \"C\" {\n#include <libavcodec/avcodec.h>\n}", &out);
    if (rc == -100) GTEST_SKIP() << "no compile_commands.json entry for " << file;
    EXPECT_NE(rc, 0) << file;
    EXPECT_NE(out.find("included outside src/media"), std::string::npos) << file << ": " << out;
  }
}

TEST(Architecture, MediaHeadersThePipelineUsesAreFfmpegFree) {
  // Every src/media header the pipeline and src/outputs include compiles in a poisoned target,
  // and FFmpeg's structs stay incomplete there: touching a field does not compile.
  const std::string headers =
      "#include \"media/video_decoder.hpp\"\n#include \"media/frame_scaler.hpp\"\n"
      "#include \"media/picture.hpp\"\n#include \"media/stream_info.hpp\"\n#include \"media/media_file.hpp\"\n"
      "#include \"media/probe.hpp\"\n#include \"media/bgr_frame.hpp\"\n#include \"media/rendition_ladder.hpp\"\n"
      "#include \"media/ladder_reader.hpp\"\n#include \"media/audio_block_reader.hpp\"\n"
      "#include \"media/stream_budget.hpp\"\n#include \"media/ffmpeg_log.hpp\"\n";
  std::string out;
  int rc = probe("src/shots/cut_detector.cpp", headers, &out);
  if (rc == -100) GTEST_SKIP() << "no compile_commands.json entry";
  EXPECT_EQ(rc, 0) << out;
  rc = probe("src/shots/cut_detector.cpp", headers + "inline int w(const AVFrame& f) { return f.width; }", &out);
  EXPECT_NE(rc, 0);
  EXPECT_NE(out.find("incomplete type"), std::string::npos) << out;
}
