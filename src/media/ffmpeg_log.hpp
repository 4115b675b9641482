#pragma once
/// @file ffmpeg_log.hpp
/// Routes FFmpeg's av_log output away from stderr and counts the error-level
/// messages decoders emit (concealed corruption is reported only there).
/// A process decodes one asset at a time (parallelism is inside the asset), so
/// one process-wide tally, reset per asset, attributes messages correctly.

#include <cstdint>
#include <string>

namespace reelscale::media {

/// Installs the av_log callback once (idempotent, thread-safe). Messages at
/// AV_LOG_ERROR or worse are counted; the first is kept. With `verbose`, all
/// messages up to AV_LOG_WARNING are also forwarded to spdlog at debug level.
void install_ffmpeg_log_handler(bool verbose = false);

/// Tally of FFmpeg error messages since construction (one per asset).
class FfmpegErrorTally {
 public:
  FfmpegErrorTally();  ///< resets the process-wide tally
  std::int64_t count() const;
  std::string first_message() const;  ///< e.g. "[mpeg4] ac-tex damaged at 12 7"
};

}  // namespace reelscale::media
