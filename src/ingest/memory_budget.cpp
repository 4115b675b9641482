#include "ingest/memory_budget.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace reelscale::ingest {

std::uint64_t resident_bytes() {
  const int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buf[128];
  const ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return 0;
  buf[n] = '\0';
  unsigned long long size = 0, resident = 0;
  if (std::sscanf(buf, "%llu %llu", &size, &resident) != 2) return 0;
  const long page = ::sysconf(_SC_PAGESIZE);
  return std::uint64_t(resident) * std::uint64_t(page > 0 ? page : 4096);
}

std::string memory_budget_error(std::string_view path, std::uint64_t used_bytes, std::uint64_t max_bytes,
                                std::string_view what) {
  if (max_bytes == 0 || used_bytes <= max_bytes) return {};
  auto mib = [](std::uint64_t b) { return std::to_string((b + (1u << 20) - 1) >> 20); };
  return "'" + std::string(path) + "' needs " + mib(used_bytes) + " MiB (" + std::string(what) +
         "), over the memory budget of " + mib(max_bytes) + " MiB (max_memory_bytes)";
}

MemoryWatch::MemoryWatch(std::uint64_t max_bytes) : max_(max_bytes), baseline_(resident_bytes()) {}

std::string MemoryWatch::check(std::string_view path, std::uint64_t accounted_bytes) const {
  if (max_ == 0) return {};
  if (auto e = memory_budget_error(path, accounted_bytes, max_, "held by the pipeline"); !e.empty()) return e;
  const std::uint64_t now = resident_bytes();
  const std::uint64_t grown = now > baseline_ ? now - baseline_ : 0;
  return memory_budget_error(path, grown, max_, "growth of the resident set");
}

}  // namespace reelscale::ingest
