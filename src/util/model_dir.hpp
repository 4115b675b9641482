#pragma once
/// @file model_dir.hpp
/// Where the prepared analysis models live (see models/README.md).

#include <filesystem>
#include <optional>
#include <string>

namespace reelscale::util {

/// The model folder: `explicit_dir` when non-empty, else $REELSCALE_MODEL_DIR, else
/// `.models/` in the repository that holds the running executable (searched upwards from
/// the executable's folder, at most 3 levels). Returns nullopt when none exists.
std::optional<std::filesystem::path> find_model_dir(const std::filesystem::path& explicit_dir = {});

/// `find_model_dir(explicit_dir) / area / file` when that file exists, else nullopt.
/// Used by each analysis stage to decide "model present" vs "skip with one message".
std::optional<std::filesystem::path> find_model(const std::string& area, const std::string& file,
                                                const std::filesystem::path& explicit_dir = {});

}  // namespace reelscale::util
