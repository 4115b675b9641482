#pragma once
/// @file guarded.hpp
/// Runs a function in a forked child process with a watchdog: for reads of untrusted
/// files with libraries that may crash or loop forever on them (HDF5 1.10 does both on
/// corrupt files: docs/reliability.md). The parent survives whatever the child does.

#include <cstdint>
#include <functional>
#include <string>

namespace reelscale::util {

/// Outcome of guarded().
struct Guarded {
  bool ok = false;         ///< the child returned a value
  bool threw = false;      ///< the child ended normally by reporting an exception (`error` holds it)
  std::int64_t value = 0;  ///< what `fn` returned (ok only)
  std::string error;       ///< why not: its exception, the signal it died of, its exit status, or the timeout
};

/// Runs `fn` in a forked child process, killed (SIGKILL) after `timeout_s` seconds.
/// `fn` must not rely on other threads of the parent (only the calling thread exists in
/// the child). Never throws: a failed fork or pipe is reported in `error`.
Guarded guarded(const std::function<std::int64_t()>& fn, double timeout_s);

}  // namespace reelscale::util
