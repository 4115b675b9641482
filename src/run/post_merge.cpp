#include <exception>

#include <spdlog/spdlog.h>

#include "run/run_options.hpp"

namespace reelscale::run {

int run_post_merge(const std::vector<PostMergeStep>& steps, const std::filesystem::path& out) {
  int failed = 0;
  for (const PostMergeStep& s : steps) {
    if (!s.run) continue;
    try {
      s.run(out);
    } catch (const std::exception& e) {
      ++failed;
      spdlog::error("post-merge step '{}' on '{}' failed: {}", s.name, out.string(), e.what());
    }
  }
  return failed;
}

}  // namespace reelscale::run
