#include "media/media_file.hpp"
#include "media/detail/libav.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern "C" {
#include <libavutil/avstring.h>
}

namespace reelscale::media {
namespace {

/// io_open of a context whose demuxer may not open anything besides the asset.
int refuse_nested_open(AVFormatContext*, AVIOContext**, const char* url, int, AVDictionary**) {
  av_log(nullptr, AV_LOG_WARNING, "refused to open '%s' from inside an asset (nested opens are off)\n",
         url ? url : "");
  return AVERROR(EPERM);
}

bool allowed(const char* demuxer, const DemuxPolicy& policy) {
  return av_match_list(demuxer, join_formats(policy.formats).c_str(), ',') > 0;
}

}  // namespace

FormatContextPtr open_media(std::unique_ptr<ByteSource> src, const std::string& name, const DemuxPolicy& policy) {
  if (src->size() == 0) throw MediaError("cannot open '" + name + "': empty file (0 bytes)");
  const auto now = std::chrono::steady_clock::now();
  const auto deadline = policy.wall_budget_s > 0
                            ? now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                        std::chrono::duration<double>(policy.wall_budget_s))
                            : std::chrono::steady_clock::time_point::max();
  AVIOContext* pb = make_custom_io(std::move(src), deadline);
  AVFormatContext* raw = avformat_alloc_context();
  if (!raw) {
    free_custom_io(pb);
    throw std::bad_alloc();
  }
  raw->pb = pb;
  raw->flags |= AVFMT_FLAG_CUSTOM_IO;
  raw->interrupt_callback = {&custom_io_interrupt, custom_io_opaque(pb)};
  if (!policy.nested_opens) raw->io_open = &refuse_nested_open;
  raw->format_whitelist = av_strdup(join_formats(policy.formats).c_str());
  raw->protocol_whitelist = av_strdup("file");
  FormatContextPtr guard(raw);  // frees pb too (custom IO)

  const AVInputFormat* fmt = nullptr;
  if (int rc = av_probe_input_buffer2(pb, &fmt, name.c_str(), raw, 0, 0); rc < 0) {
    if (custom_io_expired(pb)) throw MediaError("cannot open '" + name + "': wall-time budget exceeded while probing");
    throw_media_error("cannot open", name, rc);
  }
  if (!fmt || !allowed(fmt->name, policy))
    throw MediaError("refused '" + name + "': container '" + std::string(fmt ? fmt->name : "?") +
                     "' is not on the demuxer allow-list (playlists, concat and image sequences are off; "
                     "a job spec may allow more with \"formats\")");
  raw = guard.release();
  // On failure avformat_open_input frees the context but not a custom pb.
  if (int rc = avformat_open_input(&raw, name.c_str(), fmt, nullptr); rc < 0) {
    free_custom_io(pb);
    throw_media_error("cannot open", name, rc);
  }
  FormatContextPtr ctx(raw);
  if (int rc = avformat_find_stream_info(ctx.get(), nullptr); rc < 0) {
    if (custom_io_expired(pb)) throw MediaError("cannot read stream information of '" + name + "': wall-time budget exceeded");
    throw_media_error("cannot read stream information of", name, rc);
  }
  return ctx;
}

FormatContextPtr open_media(const std::filesystem::path& file, const DemuxPolicy& policy) {
  const std::string name = file.string();
  const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) throw MediaError("cannot open '" + name + "': " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw MediaError("refused '" + name + "': not a regular file");
  }
  std::unique_ptr<ByteSource> src;
  try {
    src = make_fd_source(fd);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return open_media(std::move(src), name, policy);
}

bool deadline_passed(const AVFormatContext* fmt) {
  return fmt && (fmt->flags & AVFMT_FLAG_CUSTOM_IO) && custom_io_expired(fmt->pb);
}

}  // namespace reelscale::media
