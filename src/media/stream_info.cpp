#include "media/stream_info.hpp"
#include "media/detail/libav.hpp"

namespace reelscale::media {

VideoStreamInfo video_stream_info(const AVFormatContext* fmt, int vs) {
  const AVStream* st = fmt->streams[vs];
  VideoStreamInfo i;
  if (st->avg_frame_rate.num > 0 && st->avg_frame_rate.den > 0)
    i.fps = av_q2d(st->avg_frame_rate);
  else if (st->r_frame_rate.num > 0 && st->r_frame_rate.den > 0)
    i.fps = av_q2d(st->r_frame_rate);
  i.start_pts = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
  i.time_base = from_av(st->time_base);
  // av_guess_sample_aspect_ratio takes non-const pointers but only reads them.
  i.sar = from_av(av_guess_sample_aspect_ratio(const_cast<AVFormatContext*>(fmt), const_cast<AVStream*>(st), nullptr));
  i.declared_frames = st->nb_frames;
  return i;
}

int sample_rate(const AVFormatContext* fmt, int stream) { return fmt->streams[stream]->codecpar->sample_rate; }

std::string container_name(const AVFormatContext* fmt) { return fmt->iformat ? fmt->iformat->name : ""; }

}  // namespace reelscale::media
