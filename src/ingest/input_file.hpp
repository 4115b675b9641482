#pragma once
/// @file input_file.hpp
/// The file-type gate of the input boundary: only regular files are ever opened.
///
/// Devices, FIFOs, sockets and symlinks to them are refused *before* open()
/// (opening a FIFO blocks, reading /dev/zero never ends). The check is
/// lstat/realpath -> open(O_NOFOLLOW|O_NONBLOCK) -> fstat, and the inode opened
/// must be the inode checked, so a file swapped between check and open
/// (TOCTOU) is refused too.

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace reelscale::ingest {

/// A refusal at the input boundary; what() names the file and the reason.
class IngestError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What kind of filesystem object `p` is, in words ("regular file", "FIFO (named pipe)",
/// "character device", "block device", "socket", "directory", "symlink to a FIFO
/// (named pipe)", "broken symlink", ...). Never opens `p`.
std::string describe_file_type(const std::filesystem::path& p);

/// An open, read-only descriptor on a regular file (blocking mode, close-on-exec).
class InputFile {
 public:
  /// Opens `p` when it is (or is a symlink to) a regular file of at most `max_bytes`
  /// bytes (0 = no limit).
  /// @throws IngestError naming `p` and the reason (not a regular file, too large,
  ///         changed while being opened, OS error).
  explicit InputFile(const std::filesystem::path& p, std::uint64_t max_bytes = 0);
  ~InputFile();
  InputFile(InputFile&& o) noexcept;
  InputFile& operator=(InputFile&&) = delete;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  int fd() const { return fd_; }
  std::uint64_t size() const { return size_; }       ///< bytes, from fstat of the open file
  std::int64_t mtime_ns() const { return mtime_ns_; } ///< ns since the Unix epoch
  const std::filesystem::path& path() const { return path_; }  ///< as given

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::int64_t mtime_ns_ = 0;
};

}  // namespace reelscale::ingest
