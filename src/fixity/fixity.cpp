#include "fixity/fixity.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include <openssl/evp.h>

#include "util/hex.hpp"

namespace reelscale::fixity {
namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& file) {
  throw std::runtime_error(what + " '" + file.string() + "': " + std::strerror(errno));
}

MdCtxPtr start(const EVP_MD* md) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1) throw std::runtime_error("OpenSSL digest init failed");
  return ctx;
}

std::string finish_hex(EVP_MD_CTX* ctx) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx, digest, &len) != 1) throw std::runtime_error("OpenSSL digest final failed");
  return util::to_hex(digest, len);
}

}  // namespace

Fixity compute_fixity(const std::filesystem::path& file) {
  Fd f;
  f.fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (f.fd < 0) fail("cannot open", file);
  return compute_fixity(f.fd, file);
}

Fixity compute_fixity(int fd, const std::filesystem::path& file) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) fail("cannot stat", file);
  if (!S_ISREG(st.st_mode)) throw std::runtime_error("refused '" + file.string() + "': not a regular file");
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);

  Fixity fx;
  fx.size = std::uint64_t(st.st_size);
  fx.mtime_ns = std::int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;

  MdCtxPtr md5 = start(EVP_md5());
  MdCtxPtr sha = start(EVP_sha256());
  std::vector<unsigned char> buf(1 << 20);
  off_t at = 0;
  for (;;) {
    ssize_t n = ::pread(fd, buf.data(), buf.size(), at);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("read error in", file);
    }
    if (n == 0) break;
    at += n;
    EVP_DigestUpdate(md5.get(), buf.data(), size_t(n));
    EVP_DigestUpdate(sha.get(), buf.data(), size_t(n));
  }
  fx.md5 = finish_hex(md5.get());
  fx.sha256 = finish_hex(sha.get());
  return fx;
}

}  // namespace reelscale::fixity
