#pragma once
/// @file out_lock.hpp
/// The OUT lock: one run or merge at a time per output folder.

#include <filesystem>

namespace reelscale::run {

/// Holds an exclusive flock() on OUT/.reelscale.lock (released when the process dies).
class OutLock {
 public:
  /// @throws std::runtime_error when the lock file cannot be created, or naming OUT
  ///         when another run or merge holds the lock.
  explicit OutLock(const std::filesystem::path& out);
  ~OutLock();
  OutLock(const OutLock&) = delete;
  OutLock& operator=(const OutLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace reelscale::run
