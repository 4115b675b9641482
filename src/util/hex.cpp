#include "util/hex.hpp"

#include <stdexcept>

namespace reelscale::util {
namespace {

int hex_digit(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

}  // namespace

std::string to_hex(const unsigned char* data, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 15];
  }
  return out;
}

std::string from_hex(std::string_view hex) {
  if (hex.size() % 2) throw std::invalid_argument("odd-length hex string");
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
    if (hi < 0 || lo < 0) throw std::invalid_argument(std::string("bad hex digit '") + hex[hi < 0 ? i : i + 1] + "'");
    out += static_cast<char>((hi << 4) | lo);
  }
  return out;
}

std::string hex64(std::uint64_t v) {
  unsigned char be[8];
  for (int i = 0; i < 8; ++i) be[i] = static_cast<unsigned char>(v >> (56 - 8 * i));
  return to_hex(be, 8);
}

std::uint64_t parse_hex64(std::string_view s) {
  if (s.empty() || s.size() > 16) throw std::invalid_argument("bad 64-bit hex value '" + std::string(s) + "'");
  std::uint64_t v = 0;
  for (char ch : s) {
    const int d = hex_digit(ch);
    if (d < 0) throw std::invalid_argument("bad 64-bit hex value '" + std::string(s) + "'");
    v = (v << 4) | std::uint64_t(d);
  }
  return v;
}

}  // namespace reelscale::util
