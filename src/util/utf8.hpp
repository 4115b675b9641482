#pragma once
/// @file utf8.hpp
/// UTF-8 validation and repair (RFC 3629: no overlongs, surrogates or code points
/// above U+10FFFF), for file names and messages that are raw bytes.

#include <string>
#include <string_view>

namespace reelscale::util {

/// True when `s` is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);

/// `s` with every invalid UTF-8 byte replaced by U+FFFD (valid input is returned unchanged).
std::string sanitize_utf8(std::string_view s);

}  // namespace reelscale::util
