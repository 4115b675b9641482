#include "scenes/keyframes.hpp"

#include <stdexcept>
#include <string_view>

#include "util/atomic_file.hpp"

namespace reelscale::scenes {

std::filesystem::path keyframe_path(const std::filesystem::path& out, const std::string& asset_id, int scene) {
  return out / "keyframes" / asset_id / (std::to_string(scene) + ".jpg");
}

int write_keyframes(AssetRecord& rec, const std::filesystem::path& out) {
  int written = 0;
  auto& jpegs = rec.scenes.keyframe_jpeg;
  for (std::size_t i = 0; i < jpegs.size() && i < rec.scenes.scenes.size(); ++i) {
    if (jpegs[i].empty()) continue;
    const auto p = keyframe_path(out, rec.id, int(i));
    std::filesystem::create_directories(p.parent_path());
    util::write_file_atomic(p, std::string_view(jpegs[i].data(), jpegs[i].size()));  // tmp + fsync + rename
    ++written;
  }
  jpegs.clear();
  jpegs.shrink_to_fit();
  return written;
}

}  // namespace reelscale::scenes
