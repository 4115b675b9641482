#include "util/model_dir.hpp"

#include <cstdlib>
#include <system_error>

namespace reelscale::util {
namespace {

std::filesystem::path executable_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path{} : exe.parent_path();
}

}  // namespace

std::optional<std::filesystem::path> find_model_dir(const std::filesystem::path& explicit_dir) {
  std::error_code ec;
  if (!explicit_dir.empty()) {
    if (std::filesystem::is_directory(explicit_dir, ec)) return explicit_dir;
    return std::nullopt;
  }
  if (const char* env = std::getenv("REELSCALE_MODEL_DIR"); env && *env) {
    if (std::filesystem::is_directory(env, ec)) return std::filesystem::path(env);
    return std::nullopt;
  }
  auto dir = executable_dir();
  for (int up = 0; up < 4 && !dir.empty(); ++up, dir = dir.parent_path()) {
    auto cand = dir / ".models";
    if (std::filesystem::is_directory(cand, ec)) return cand;
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

std::optional<std::filesystem::path> find_model(const std::string& area, const std::string& file,
                                                const std::filesystem::path& explicit_dir) {
  auto dir = find_model_dir(explicit_dir);
  if (!dir) return std::nullopt;
  auto p = *dir / area / file;
  std::error_code ec;
  if (std::filesystem::is_regular_file(p, ec)) return p;
  return std::nullopt;
}

}  // namespace reelscale::util
