#pragma once
/// @file hex.hpp
/// Lower-case hexadecimal encoding of bytes and 64-bit values (the one hex encoder:
/// fixity digests, asset ids, raw path bytes in sidecars and journals, pHash text).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace reelscale::util {

/// Lower-case hex of `n` bytes at `data` (2n characters).
std::string to_hex(const unsigned char* data, std::size_t n);

/// Lower-case hex of the bytes of `s`.
inline std::string to_hex(std::string_view s) {
  return to_hex(reinterpret_cast<const unsigned char*>(s.data()), s.size());
}

/// Inverse of to_hex (either case). @throws std::invalid_argument on odd length or a non-hex digit.
std::string from_hex(std::string_view hex);

/// `v` as 16 lower-case hex digits, most significant first (e.g. a pHash).
std::string hex64(std::uint64_t v);

/// Inverse of hex64 (1 to 16 digits, either case). @throws std::invalid_argument otherwise.
std::uint64_t parse_hex64(std::string_view s);

}  // namespace reelscale::util
