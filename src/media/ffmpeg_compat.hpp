#pragma once
/// @file ffmpeg_compat.hpp
/// The one place that knows about FFmpeg API versions (Debian 12 ships
/// FFmpeg 5.1: libavcodec 59, libavformat 59). Everything else calls these.

#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/display.h>
}

namespace reelscale::media::compat {

/// Number of audio channels of a stream's codec parameters.
inline int channels(const AVCodecParameters* par) {
#if LIBAVCODEC_VERSION_MAJOR >= 59
  return par->ch_layout.nb_channels;
#else
  return par->channels;
#endif
}

/// Channel layout description, e.g. "stereo" or "5.1(side)"; empty when unknown.
inline std::string channel_layout(const AVCodecParameters* par) {
#if LIBAVCODEC_VERSION_MAJOR >= 59
  char buf[128] = {0};
  if (par->ch_layout.nb_channels <= 0) return {};
  if (av_channel_layout_describe(&par->ch_layout, buf, sizeof buf) < 0) return {};
  return buf;
#else
  char buf[128] = {0};
  if (!par->channel_layout) return {};
  av_get_channel_layout_string(buf, sizeof buf, par->channels, par->channel_layout);
  return buf;
#endif
}

/// Display-matrix rotation in degrees (counter-clockwise), 0 when absent.
inline double rotation_degrees(const AVStream* st) {
#if LIBAVFORMAT_VERSION_MAJOR < 61
  size_t size = 0;
  const uint8_t* sd = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, &size);
  if (!sd || size < 9 * sizeof(int32_t)) return 0;
  double r = av_display_rotation_get(reinterpret_cast<const int32_t*>(sd));
#else
  const AVPacketSideData* psd = av_packet_side_data_get(st->codecpar->coded_side_data, st->codecpar->nb_coded_side_data,
                                                        AV_PKT_DATA_DISPLAYMATRIX);
  if (!psd || psd->size < 9 * sizeof(int32_t)) return 0;
  double r = av_display_rotation_get(reinterpret_cast<const int32_t*>(psd->data));
#endif
  return r != r ? 0.0 : r;  // NaN when the matrix is degenerate
}

}  // namespace reelscale::media::compat
