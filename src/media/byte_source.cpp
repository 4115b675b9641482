#include "media/byte_source.hpp"
#include "media/detail/libav.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>

#include "media/ffmpeg_ptr.hpp"

extern "C" {
#include <libavutil/error.h>
#include <libavutil/mem.h>
}

namespace reelscale::media {
namespace {

class FdSource final : public ByteSource {
 public:
  explicit FdSource(int fd) : fd_(::dup(fd)) {
    if (fd_ < 0) throw MediaError(std::string("cannot duplicate file descriptor: ") + std::strerror(errno));
    struct stat st {};
    size_ = ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode) ? std::int64_t(st.st_size) : -1;
  }
  ~FdSource() override { ::close(fd_); }
  long read(std::uint8_t* buf, std::size_t n) override {
    for (;;) {
      const ssize_t r = ::pread(fd_, buf, n, pos_);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return -errno;
      pos_ += r;
      return long(r);
    }
  }
  bool seek_to(std::int64_t offset) override {
    if (offset < 0) return false;
    pos_ = offset;
    return true;
  }
  std::int64_t position() const override { return pos_; }
  std::int64_t size() const override { return size_; }

 private:
  int fd_;
  std::int64_t pos_ = 0, size_ = -1;
};

class MemorySource final : public ByteSource {
 public:
  MemorySource(const std::uint8_t* d, std::size_t n) : data_(d), size_(n) {}
  long read(std::uint8_t* buf, std::size_t n) override {
    if (pos_ >= size_) return 0;
    const std::size_t k = std::min(n, size_ - pos_);
    std::memcpy(buf, data_ + pos_, k);
    pos_ += k;
    return long(k);
  }
  bool seek_to(std::int64_t offset) override {
    if (offset < 0 || std::uint64_t(offset) > size_) return false;
    pos_ = std::size_t(offset);
    return true;
  }
  std::int64_t position() const override { return std::int64_t(pos_); }
  std::int64_t size() const override { return std::int64_t(size_); }

 private:
  const std::uint8_t* data_;
  std::size_t size_, pos_ = 0;
};

/// The AVIOContext's opaque: the source and the deadline.
struct CustomIo {
  std::unique_ptr<ByteSource> src;
  std::chrono::steady_clock::time_point deadline;
};

int read_cb(void* opaque, std::uint8_t* buf, int n) {
  auto* io = static_cast<CustomIo*>(opaque);
  if (std::chrono::steady_clock::now() > io->deadline) return AVERROR_EXIT;
  const long r = io->src->read(buf, std::size_t(n));
  if (r < 0) return AVERROR(int(-r));
  return r == 0 ? AVERROR_EOF : int(r);
}

std::int64_t seek_cb(void* opaque, std::int64_t offset, int whence) {
  auto* io = static_cast<CustomIo*>(opaque);
  const std::int64_t size = io->src->size();
  whence &= ~AVSEEK_FORCE;
  if (whence == AVSEEK_SIZE) return size >= 0 ? size : AVERROR(ENOSYS);
  std::int64_t target = offset;
  if (whence == SEEK_CUR) target = io->src->position() + offset;
  else if (whence == SEEK_END) {
    if (size < 0) return AVERROR(ENOSYS);
    target = size + offset;
  }
  if (!io->src->seek_to(target)) return AVERROR(EINVAL);
  return target;
}

}  // namespace

std::unique_ptr<ByteSource> make_fd_source(int fd) { return std::make_unique<FdSource>(fd); }

std::unique_ptr<ByteSource> make_memory_source(const std::uint8_t* data, std::size_t size) {
  return std::make_unique<MemorySource>(data, size);
}

AVIOContext* make_custom_io(std::unique_ptr<ByteSource> src, std::chrono::steady_clock::time_point deadline) {
  constexpr int kBuffer = 64 << 10;
  auto* buf = static_cast<std::uint8_t*>(av_malloc(kBuffer));
  if (!buf) throw std::bad_alloc();
  auto* io = new CustomIo{std::move(src), deadline};
  AVIOContext* pb = avio_alloc_context(buf, kBuffer, 0, io, &read_cb, nullptr, &seek_cb);
  if (!pb) {
    av_free(buf);
    delete io;
    throw std::bad_alloc();
  }
  return pb;
}

int custom_io_interrupt(void* opaque) {
  return std::chrono::steady_clock::now() > static_cast<CustomIo*>(opaque)->deadline ? 1 : 0;
}

void* custom_io_opaque(AVIOContext* pb) { return pb ? pb->opaque : nullptr; }

bool custom_io_expired(AVIOContext* pb) { return pb && pb->opaque && custom_io_interrupt(pb->opaque); }

void free_custom_io(AVIOContext* pb) {
  if (!pb) return;
  delete static_cast<CustomIo*>(pb->opaque);
  av_freep(&pb->buffer);
  avio_context_free(&pb);
}

}  // namespace reelscale::media
