#pragma once
/// @file input_walker.hpp
/// Turning `--input` into the list of files to process.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace reelscale::archive {

/// Limits of the walk (the input boundary, docs/reliability.md).
struct WalkOptions {
  /// Folders never entered nor listed (canonical or not): OUT, so that a run's own
  /// output below its input is not catalogued as archive assets.
  std::vector<std::filesystem::path> exclude_dirs;
  /// Where entries of a *list file* may point (after resolving symlinks): the list's
  /// own folder always, plus these. An entry elsewhere (e.g. /etc/shadow) is refused,
  /// never read. Folder inputs are not limited (their symlinks are followed).
  std::vector<std::filesystem::path> allowed_roots;
};

/// What the walk refused or could not read, for the log and the summary.
struct WalkReport {
  std::vector<std::pair<std::filesystem::path, std::string>> refused;  ///< path, reason
};

/// Files named by `input`, sorted by path bytes:
/// - a directory: every entry below it that is not a directory, recursively
///   (regular files, symlinks, and also FIFOs, devices and sockets: the per-asset
///   gate records those as `error` assets without opening them); directory
///   symlinks are followed, but a directory already visited (same device and
///   inode) is not entered again, so symlink loops end; an unreadable sub-folder
///   is listed itself (the per-asset gate records it as an `error` asset naming
///   the cause), never skipped silently; `opts.exclude_dirs` are skipped;
/// - a list file: a regular file whose entries are NUL-separated (find -print0) or,
///   when it holds no NUL, newline-separated; every entry must name an existing path,
///   directories in it are walked as above; relative entries are relative to the list;
///   entries resolving outside the list's folder and `opts.allowed_roots` are refused
///   (in `report`);
/// - any other file: itself.
/// Returned paths are absolute (not canonical, so symlink names are kept).
/// Names are handled as raw bytes: spaces, quotes, newlines and invalid UTF-8 work.
/// @throws std::runtime_error when `input` does not exist or cannot be read.
std::vector<std::filesystem::path> collect_inputs(const std::filesystem::path& input, const WalkOptions& opts = {},
                                                  WalkReport* report = nullptr);

/// Keeps the files whose name (last path component) matches at least one of
/// `include` (all when empty) and none of `exclude`; shell globs (fnmatch).
std::vector<std::filesystem::path> filter_by_name(std::vector<std::filesystem::path> files,
                                                  const std::vector<std::string>& include,
                                                  const std::vector<std::string>& exclude);

}  // namespace reelscale::archive
