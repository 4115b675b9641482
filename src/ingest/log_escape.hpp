#pragma once
/// @file log_escape.hpp
/// File names reach the log: control characters in them must not forge log lines
/// (newline) or drive the terminal (ANSI escape sequences).

#include <string>
#include <string_view>

namespace reelscale::ingest {

/// `s` with control bytes escaped: \n \r \t as such, other bytes < 0x20, 0x7f and
/// the 8-bit CSI 0x9b as \xNN, and '\\' as "\\\\". Other bytes (UTF-8) unchanged.
std::string escape_controls(std::string_view s);

/// Installs `pattern` (spdlog syntax) on spdlog's default logger with "%v" (the
/// message) replaced by escape_controls(message): every log line is one line.
void install_escaping_log_pattern(const std::string& pattern);

}  // namespace reelscale::ingest
