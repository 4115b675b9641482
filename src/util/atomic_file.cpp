#include "util/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>

namespace reelscale::util {
namespace {

[[noreturn]] void throw_io(const std::string& what, const std::filesystem::path& p, int err) {
  throw std::runtime_error("cannot " + what + " '" + p.string() + "': " + std::strerror(err));
}

std::filesystem::path temp_name(const std::filesystem::path& target) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char suffix[40];
  std::snprintf(suffix, sizeof suffix, ".tmp.%ld.%016llx", static_cast<long>(::getpid()),
                static_cast<unsigned long long>(rng()));
  return target.parent_path() / ("." + target.filename().string() + suffix);
}

}  // namespace

void write_file_atomic(const std::filesystem::path& target, std::string_view bytes) {
  const std::filesystem::path tmp = temp_name(target);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw_io("create", tmp, errno);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw_io("write", tmp, err);
    }
    done += std::size_t(n);
  }
  int err = ::fsync(fd) != 0 ? errno : 0;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) {
    ::unlink(tmp.c_str());
    throw_io("write", tmp, err);
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    const int rename_err = errno;
    ::unlink(tmp.c_str());
    throw_io("rename temporary file onto", target, rename_err);
  }
}

}  // namespace reelscale::util
