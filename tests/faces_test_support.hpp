#pragma once
/// @file faces_test_support.hpp
/// Shared by the tests/test_faces*.cpp programs: where the faces corpus, the models and the
/// node reference packages are, and the truth file.

#include <cstdlib>
#include <fstream>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "faces/face_models.hpp"
#include "support/test_support.hpp"

namespace reelscale::testing {

/// ../shared/corpus/faces ($REELSCALE_FACES_CORPUS, else next to the dev corpus).
inline std::optional<std::filesystem::path> faces_corpus_dir() {
  if (const char* e = std::getenv("REELSCALE_FACES_CORPUS"); e && *e) {
    if (std::filesystem::exists(std::filesystem::path(e) / "truth.json")) return std::filesystem::path(e);
    return std::nullopt;
  }
  std::filesystem::path base = std::filesystem::path(REELSCALE_SOURCE_DIR) / ".." / "shared" / "corpus" / "faces";
  if (auto dev = corpus_dir()) base = dev->parent_path() / "faces";
  if (std::filesystem::exists(base / "truth.json")) return std::filesystem::weakly_canonical(base);
  return std::nullopt;
}

inline nlohmann::json faces_truth(const std::filesystem::path& corpus) {
  return nlohmann::json::parse(std::ifstream(corpus / "truth.json"));
}

}  // namespace reelscale::testing

#define REELSCALE_REQUIRE_FACE_MODELS(var)                                              \
  std::string var##_why;                                                                \
  auto var##_opt = ::reelscale::faces::load_face_models({}, var##_why);                 \
  if (!var##_opt) GTEST_SKIP() << var##_why;                                            \
  const ::reelscale::faces::FaceModels& var = *var##_opt

#define REELSCALE_REQUIRE_FACES_CORPUS(var)                                             \
  auto var##_opt = ::reelscale::testing::faces_corpus_dir();                            \
  if (!var##_opt) GTEST_SKIP() << "faces corpus not found (set REELSCALE_FACES_CORPUS "  \
                                  "or place ../shared/corpus/faces)";                   \
  const std::filesystem::path var = *var##_opt
