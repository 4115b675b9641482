#include "run/out_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "run/out_layout.hpp"

namespace reelscale::run {

OutLock::OutLock(const std::filesystem::path& out) {
  const std::filesystem::path p = layout::lock_path(out);
  fd_ = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error("cannot create '" + p.string() + "': " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error("another reelscale run or merge is active on '" + out.string() + "'");
  }
}

OutLock::~OutLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace reelscale::run
