#pragma once
/// @file hex.hpp
/// Lower-case hexadecimal encoding of bytes.

#include <cstddef>
#include <string>

namespace reelscale::util {

/// Lower-case hex of `n` bytes at `data` (2n characters).
inline std::string to_hex(const unsigned char* data, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 15];
  }
  return out;
}

}  // namespace reelscale::util
