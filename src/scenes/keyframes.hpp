#pragma once
/// @file keyframes.hpp
/// Writes each scene's keyframe JPEG as OUT/keyframes/<asset>/<scene>.jpg
/// (scene = 0-based scene number).

#include <filesystem>

#include "record/asset_record.hpp"

namespace reelscale::scenes {

/// Path of scene `scene`'s keyframe of asset `asset_id` under output folder `out`.
std::filesystem::path keyframe_path(const std::filesystem::path& out, const std::string& asset_id, int scene);

/// Writes the keyframes held in rec.scenes.keyframe_jpeg (scenes without
/// pixels are skipped) and then frees those bytes.
/// @return the number of files written.
/// @throws std::runtime_error naming the file when one cannot be written.
int write_keyframes(AssetRecord& rec, const std::filesystem::path& out);

}  // namespace reelscale::scenes
