#pragma once
/// @file base64.hpp
/// RFC 4648 base64 (standard alphabet, '=' padding): how a face chip JPEG is kept in a
/// string column of the catalog's faces table (record::Table holds no byte columns).

#include <string>
#include <vector>

namespace reelscale::faces {

/// `bytes` as base64 text.
std::string base64_encode(const std::vector<unsigned char>& bytes);
/// The bytes of base64 `text`. @throws std::invalid_argument on a character outside the alphabet.
std::vector<unsigned char> base64_decode(const std::string& text);

}  // namespace reelscale::faces
