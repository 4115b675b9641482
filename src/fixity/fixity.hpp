#pragma once
/// @file fixity.hpp
/// File fixity: size, mtime, MD5 and SHA-256 in one streaming read (OpenSSL EVP).

#include <filesystem>

#include "record/asset_record.hpp"

namespace reelscale::fixity {

/// Reads `file` once in 1 MiB blocks, feeding MD5 (RFC 1321) and SHA-256
/// (FIPS 180-4) digests together. Symlinks are followed.
/// @throws std::runtime_error naming the file and the OS error when it cannot be read.
Fixity compute_fixity(const std::filesystem::path& file);

/// The same on the open descriptor `fd` (read with pread from offset 0, so other
/// readers of `fd` are unaffected); `file` only names it in messages.
Fixity compute_fixity(int fd, const std::filesystem::path& file);

}  // namespace reelscale::fixity
