#include "util/guarded.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>

namespace reelscale::util {
namespace {

/// Reads the child's message: 8 bytes of value then the error text, until EOF or the deadline.
bool read_child(int fd, std::string& msg, std::chrono::steady_clock::time_point deadline) {
  char buf[4096];
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int r = ::poll(&p, 1, int(std::min<long long>(left.count(), 1000)));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) continue;
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    msg.append(buf, std::size_t(n));
  }
}

/// The child's side: runs `fn`, writes value + exception text to `fd`, then _exit()s
/// without running the parent's atexit handlers.
[[noreturn]] void run_child(const std::function<std::int64_t()>& fn, int fd) {
  std::int64_t v = 0;
  std::string err;
  try {
    v = fn();
  } catch (const std::exception& e) {
    err = e.what();
    if (err.empty()) err = "exception without message";
  } catch (...) {
    err = "unknown exception";
  }
  std::string msg(reinterpret_cast<const char*>(&v), sizeof v);
  msg += err;
  (void)!::write(fd, msg.data(), msg.size());
  ::_exit(err.empty() ? 0 : 1);
}

}  // namespace

Guarded guarded(const std::function<std::int64_t()>& fn, double timeout_s) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return {false, false, 0, std::string("pipe: ") + std::strerror(errno)};
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return {false, false, 0, std::string("fork: ") + std::strerror(errno)};
  }
  if (pid == 0) {
    ::close(fds[0]);
    run_child(fn, fds[1]);
  }
  ::close(fds[1]);
  std::string msg;
  const auto deadline =
      std::chrono::steady_clock::now() +
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(timeout_s));
  const bool finished = read_child(fds[0], msg, deadline);
  ::close(fds[0]);
  if (!finished) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  char why[128];
  if (!finished) {
    std::snprintf(why, sizeof why, "no answer within %g s (endless loop on a corrupt file?)", timeout_s);
    return {false, false, 0, why};
  }
  if (WIFSIGNALED(status))
    return {false, false, 0, std::string("the reader crashed (") + strsignal(WTERMSIG(status)) + ")"};
  Guarded g;
  if (msg.size() >= sizeof g.value) std::memcpy(&g.value, msg.data(), sizeof g.value);
  const bool exited = WIFEXITED(status);
  g.ok = exited && WEXITSTATUS(status) == 0 && msg.size() == sizeof g.value;
  // An exception is reported with exit status 1 and its text; anything else (a sanitizer's
  // report, exit() from a library) ended the child without its message.
  g.threw = exited && WEXITSTATUS(status) == 1 && msg.size() > sizeof g.value;
  if (!g.ok) {
    // Under AddressSanitizer a SIGSEGV is reported and the child exits 1: a crash all the same.
    std::snprintf(why, sizeof why, "the reader crashed or exited without an answer (exit status %d)",
                  exited ? WEXITSTATUS(status) : -1);
    g.error = g.threw ? msg.substr(sizeof g.value) : why;
  }
  return g;
}

}  // namespace reelscale::util
