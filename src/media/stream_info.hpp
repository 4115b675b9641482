#pragma once
/// @file stream_info.hpp
/// The stream facts the per-asset pipeline needs, read from an opened asset, so that
/// code outside src/media never reads FFmpeg's structs.

#include <cstdint>
#include <string>

#include "media/ffmpeg_ptr.hpp"
#include "media/rational.hpp"

namespace reelscale::media {

/// One video stream as the pipeline sees it.
struct VideoStreamInfo {
  double fps = 0;                    ///< avg_frame_rate, else r_frame_rate; 0 when neither is set
  std::int64_t start_pts = 0;        ///< stream start time in time-base units (0 when unset)
  Rational time_base{1, 1};          ///< of the stream's timestamps
  Rational sar{0, 1};                ///< sample aspect ratio (av_guess_sample_aspect_ratio; {0,1} = unknown)
  std::int64_t declared_frames = 0;  ///< frame count the container declares (0 = none)
};

/// Facts of stream `vs` of `fmt`. Precondition: 0 <= vs < number of streams.
VideoStreamInfo video_stream_info(const AVFormatContext* fmt, int vs);

/// Sample rate (Hz) of stream `stream` of `fmt` as its codec parameters declare (0 = unknown).
int sample_rate(const AVFormatContext* fmt, int stream);

/// Name of the demuxer that opened `fmt`, e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "mpegts".
std::string container_name(const AVFormatContext* fmt);

}  // namespace reelscale::media
