#include "record/asset_id.hpp"

#include <openssl/evp.h>

#include <stdexcept>

#include "util/hex.hpp"

namespace reelscale::record {

std::string asset_id_for_path(const std::string& path) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(path.data(), path.size(), digest, &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("OpenSSL SHA-256 failed");
  return util::to_hex(digest, 8);
}

}  // namespace reelscale::record
