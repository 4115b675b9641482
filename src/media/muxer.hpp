#pragma once
/// @file muxer.hpp
/// Writing an MP4 (or any libavformat container) under a temporary name,
/// renamed into place only when the trailer is written: a crash leaves no
/// half-written file under the final name.

#include <filesystem>
#include <mutex>
#include <string>

#include "media/detail/libav.hpp"
#include "media/ffmpeg_ptr.hpp"

namespace reelscale::media {

/// One output file. Thread-safe: write() may be called from several threads
/// (video and audio encoders); packets are interleaved by libavformat.
class Muxer {
 public:
  /// @param path final path; data goes to `<path>.part` until finish().
  /// @param format libavformat short name ("mp4"); empty = guess from the extension.
  /// @throws MediaError when the format is unknown or the file cannot be created.
  Muxer(std::filesystem::path path, const std::string& format = "mp4");
  /// Closes and deletes the temporary file unless finish() succeeded.
  ~Muxer();
  Muxer(const Muxer&) = delete;
  Muxer& operator=(const Muxer&) = delete;

  /// Adds a stream taking its parameters from an opened encoder. Returns its index.
  int add_stream(const AVCodecContext* enc);
  /// Writes the header; `options` as for avformat_write_header, e.g. "movflags=+faststart".
  /// @throws MediaError.
  void begin(const std::string& movflags = "+faststart");
  /// Writes one packet of `stream` whose timestamps are in `tb` (the encoder's time base).
  /// @throws MediaError.
  void write(AVPacket* pkt, int stream, AVRational tb);
  /// Writes the trailer, closes and renames to the final path. @throws MediaError.
  void finish();

  const std::filesystem::path& path() const { return path_; }
  /// Whether libavformat wants global headers (MP4: yes).
  bool global_header() const;

 private:
  void close();
  std::filesystem::path path_, part_;
  AVFormatContext* ctx_ = nullptr;
  std::mutex mu_;
  bool started_ = false, finished_ = false;
};

}  // namespace reelscale::media
