#pragma once
/// @file input_walker.hpp
/// Turning `--input` into the list of files to process.

#include <filesystem>
#include <string>
#include <vector>

namespace reelscale::archive {

/// Files named by `input`, sorted by path bytes:
/// - a directory: every regular file below it, recursively; directory symlinks are
///   followed, but a directory already visited (same device and inode) is not
///   entered again, so symlink loops end; file symlinks are kept as given
///   (a broken one is listed and later reported as an error asset);
/// - a list file: a regular file whose entries are NUL-separated (find -print0) or,
///   when it holds no NUL, newline-separated; every entry must name an existing path,
///   directories in it are walked as above; relative entries are relative to the list;
/// - any other regular file: itself.
/// Returned paths are absolute (not canonical, so symlink names are kept).
/// Names are handled as raw bytes: spaces, quotes, newlines and invalid UTF-8 work.
/// @throws std::runtime_error when `input` does not exist or cannot be read.
std::vector<std::filesystem::path> collect_inputs(const std::filesystem::path& input);

/// Keeps the files whose name (last path component) matches at least one of
/// `include` (all when empty) and none of `exclude`; shell globs (fnmatch).
std::vector<std::filesystem::path> filter_by_name(std::vector<std::filesystem::path> files,
                                                  const std::vector<std::string>& include,
                                                  const std::vector<std::string>& exclude);

}  // namespace reelscale::archive
