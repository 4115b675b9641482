#pragma once
/// @file atomic_file.hpp
/// Writing a file of OUT so that a crash or a full disk never leaves a
/// half-written file under its final name: temporary name, fsync, rename, fsync
/// of the folder (the rsync/restic pattern).

#include <filesystem>
#include <string_view>

namespace reelscale::util {

/// Writes `bytes` to `<p>.tmp`, fsyncs it, renames it to `p` and fsyncs the folder.
/// On any failure the temporary file is removed and `p` is left as it was.
/// @throws std::runtime_error naming `p` and the OS error ("No space left on device").
void write_file_atomic(const std::filesystem::path& p, std::string_view bytes);

}  // namespace reelscale::util
