#include "ingest/input_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace reelscale::ingest {
namespace fs = std::filesystem;
namespace {

const char* kind_of(mode_t m) {
  if (S_ISREG(m)) return "regular file";
  if (S_ISDIR(m)) return "directory";
  if (S_ISFIFO(m)) return "FIFO (named pipe)";
  if (S_ISCHR(m)) return "character device";
  if (S_ISBLK(m)) return "block device";
  if (S_ISSOCK(m)) return "socket";
  if (S_ISLNK(m)) return "symlink";
  return "special file";
}

/// The final target of `p` (every symlink resolved) without opening anything.
bool resolve(const fs::path& p, fs::path& target) {
  std::unique_ptr<char, decltype(&std::free)> r(::realpath(p.c_str(), nullptr), &std::free);
  if (!r) return false;
  target = r.get();
  return true;
}

[[noreturn]] void refuse(const fs::path& p, const std::string& why) {
  throw IngestError("refused '" + p.string() + "': " + why);
}

}  // namespace

std::string describe_file_type(const fs::path& p) {
  struct stat st {};
  if (::lstat(p.c_str(), &st) != 0) return std::string("cannot stat: ") + std::strerror(errno);
  if (S_ISDIR(st.st_mode)) {
    DIR* d = ::opendir(p.c_str());
    if (!d) return std::string("unreadable folder: ") + std::strerror(errno);
    ::closedir(d);
  }
  if (!S_ISLNK(st.st_mode)) return kind_of(st.st_mode);
  fs::path target;
  if (!resolve(p, target)) return std::string("broken symlink (") + std::strerror(errno) + ")";
  struct stat tt {};
  if (::lstat(target.c_str(), &tt) != 0) return "broken symlink";
  return std::string("symlink to a ") + kind_of(tt.st_mode);
}

InputFile::InputFile(const fs::path& p, std::uint64_t max_bytes) : path_(p) {
  struct stat st {};
  if (::lstat(p.c_str(), &st) != 0) refuse(p, std::string("cannot stat: ") + std::strerror(errno));
  fs::path target = p;
  if (S_ISLNK(st.st_mode)) {
    if (!resolve(p, target)) refuse(p, std::string("broken symlink: ") + std::strerror(errno));
    if (::lstat(target.c_str(), &st) != 0) refuse(p, std::string("cannot stat target: ") + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    refuse(p, "not a regular file (" + describe_file_type(p) + "); only regular files are read");
  }
  // O_NONBLOCK: should the name have become a FIFO since lstat, open() does not block;
  // O_NOFOLLOW: nor has it become a symlink.
  fd_ = ::open(target.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  if (fd_ < 0) {
    if (errno == ELOOP) refuse(p, "became a symlink while being opened");
    refuse(p, std::string("cannot open: ") + std::strerror(errno));
  }
  struct stat ft {};
  if (::fstat(fd_, &ft) != 0 || !S_ISREG(ft.st_mode) || ft.st_dev != st.st_dev || ft.st_ino != st.st_ino) {
    ::close(fd_);
    fd_ = -1;
    refuse(p, "changed while being opened (not the regular file that was checked)");
  }
  const int flags = ::fcntl(fd_, F_GETFL);
  if (flags >= 0) ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK);
  size_ = std::uint64_t(ft.st_size);
  mtime_ns_ = std::int64_t(ft.st_mtim.tv_sec) * 1'000'000'000 + ft.st_mtim.tv_nsec;
  if (max_bytes > 0 && size_ > max_bytes) {
    ::close(fd_);
    fd_ = -1;
    refuse(p, "file of " + std::to_string(size_) + " bytes exceeds the size limit of " +
                  std::to_string(max_bytes) + " bytes (--max-file-size)");
  }
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

InputFile::InputFile(InputFile&& o) noexcept
    : path_(std::move(o.path_)), fd_(o.fd_), size_(o.size_), mtime_ns_(o.mtime_ns_) {
  o.fd_ = -1;
}

}  // namespace reelscale::ingest
