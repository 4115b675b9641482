#pragma once
/// @file atomic_file.hpp
/// Whole-file replacement that a crash cannot leave half-written (sidecars, manifest).

#include <filesystem>
#include <string_view>

namespace reelscale::util {

/// Writes `bytes` to a new temporary file next to `target` (".<name>.tmp.<pid>.<random>",
/// O_EXCL), fsync()s it and rename()s it over `target`: readers see the old or the new
/// file, never a part. The temporary file is removed on failure. The folder must exist.
/// @throws std::runtime_error "cannot <create|write|rename ...> '<file>': <strerror>".
void write_file_atomic(const std::filesystem::path& target, std::string_view bytes);

}  // namespace reelscale::util
