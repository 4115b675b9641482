#include "media/ffmpeg_log.hpp"
#include "media/detail/libav.hpp"

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <mutex>

#include <spdlog/spdlog.h>

extern "C" {
#include <libavutil/log.h>
}

namespace reelscale::media {
namespace {

std::atomic<std::int64_t> g_errors{0};
std::mutex g_mutex;
std::string g_first;
std::atomic<bool> g_verbose{false};

void log_callback(void* avcl, int level, const char* fmt, va_list vl) {
  if (level > AV_LOG_WARNING) return;
  char line[1024];
  int print_prefix = 1;
  va_list copy;
  va_copy(copy, vl);
  av_log_format_line2(avcl, level, fmt, copy, line, sizeof line, &print_prefix);
  va_end(copy);
  std::string msg(line);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == '\r')) msg.pop_back();
  // "[h264 @ 0x55d0c8a0] msg" -> "[h264] msg": addresses mean nothing in a catalog.
  if (auto at = msg.find(" @ 0x"); at != std::string::npos) {
    auto close = msg.find(']', at);
    if (close != std::string::npos) msg.erase(at, close - at);
  }
  if (level <= AV_LOG_ERROR) {
    if (g_errors.fetch_add(1) == 0) {
      std::lock_guard lock(g_mutex);
      g_first = msg;
    }
  }
  if (g_verbose.load(std::memory_order_relaxed)) spdlog::debug("ffmpeg: {}", msg);
}

}  // namespace

void install_ffmpeg_log_handler(bool verbose) {
  static std::once_flag once;
  g_verbose = verbose;
  std::call_once(once, [] { av_log_set_callback(log_callback); });
}

FfmpegErrorTally::FfmpegErrorTally() {
  std::lock_guard lock(g_mutex);
  g_errors = 0;
  g_first.clear();
}

std::int64_t FfmpegErrorTally::count() const { return g_errors.load(); }

std::string FfmpegErrorTally::first_message() const {
  std::lock_guard lock(g_mutex);
  return g_first;
}

}  // namespace reelscale::media
