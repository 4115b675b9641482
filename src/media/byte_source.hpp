#pragma once
/// @file byte_source.hpp
/// Where libavformat reads an asset's bytes from: a custom AVIOContext over an
/// already-checked file descriptor (the input boundary opened it, see
/// ingest/input_file.hpp) or over memory (fuzzing). With a custom source
/// libavformat never opens the asset by name itself.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

struct AVIOContext;  // opaque outside src/media

namespace reelscale::media {

/// A seekable byte stream. Not thread-safe; one per AVFormatContext.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Reads up to `n` bytes; 0 at the end. @return bytes read, or a negative errno.
  virtual long read(std::uint8_t* buf, std::size_t n) = 0;
  /// Moves to `offset` bytes from the start; false when out of range.
  virtual bool seek_to(std::int64_t offset) = 0;
  virtual std::int64_t position() const = 0;
  virtual std::int64_t size() const = 0;  ///< bytes, -1 when unknown
};

/// Reads `fd` with pread (its file offset is not used, so other readers of the same
/// descriptor, e.g. fixity, are unaffected). Takes a dup() of `fd`, so the caller
/// keeps its own. @throws MediaError when dup fails.
std::unique_ptr<ByteSource> make_fd_source(int fd);

/// Reads the `size` bytes at `data` (not copied: they must outlive the source).
std::unique_ptr<ByteSource> make_memory_source(const std::uint8_t* data, std::size_t size);

/// A read-only AVIOContext (64 KiB buffer) over `src`, owning it. `deadline`: the
/// interrupt callback of the format context (set by open_media) reports true after it.
/// Free with free_custom_io(). @throws std::bad_alloc.
AVIOContext* make_custom_io(std::unique_ptr<ByteSource> src, std::chrono::steady_clock::time_point deadline);

/// FFmpeg interrupt callback for a context whose pb came from make_custom_io:
/// 1 once the deadline passed. `opaque` is the AVIOContext's opaque.
int custom_io_interrupt(void* opaque);

/// The opaque pointer custom_io_interrupt expects for `pb`.
void* custom_io_opaque(AVIOContext* pb);

/// True when the deadline of `pb` (made by make_custom_io) has passed.
bool custom_io_expired(AVIOContext* pb);

/// Frees an AVIOContext made by make_custom_io, its buffer and its source. Null is fine.
void free_custom_io(AVIOContext* pb);

}  // namespace reelscale::media
