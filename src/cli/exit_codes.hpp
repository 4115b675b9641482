#pragma once
/// @file exit_codes.hpp
/// Exit codes and the control-flow exceptions subcommands use to return them.

#include <stdexcept>
#include <string>

namespace reelscale::cli {

inline constexpr int kExitOk = 0;       ///< the job ran (whatever the assets' statuses)
inline constexpr int kExitFailure = 1;  ///< the job itself failed
inline constexpr int kExitUsage = 2;    ///< bad arguments, missing input, unwritable output

/// Thrown by a subcommand for bad arguments or an unusable input/output; exit 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Thrown by a subcommand callback to hand its exit code to main().
struct CommandResult {
  int code;
};

}  // namespace reelscale::cli
