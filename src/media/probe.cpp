#include "media/probe.hpp"
#include "media/detail/libav.hpp"

#include <cmath>

#include "media/ffmpeg_compat.hpp"

extern "C" {
#include <libavutil/dict.h>
#include <libavutil/pixdesc.h>
}

namespace reelscale::media {
namespace {

std::string rational(AVRational r, char sep = '/') {
  if (r.den == 0) return {};
  return std::to_string(r.num) + sep + std::to_string(r.den);
}

std::string or_empty(const char* s) { return s ? s : ""; }

std::string field_order_name(AVFieldOrder f) {
  switch (f) {
    case AV_FIELD_PROGRESSIVE:
      return "progressive";
    case AV_FIELD_TT:
      return "tt";
    case AV_FIELD_BB:
      return "bb";
    case AV_FIELD_TB:
      return "tb";
    case AV_FIELD_BT:
      return "bt";
    default:
      return "unknown";
  }
}

std::string find_timecode(const AVFormatContext* fmt) {
  if (auto* e = av_dict_get(fmt->metadata, "timecode", nullptr, 0)) return e->value;
  for (unsigned i = 0; i < fmt->nb_streams; ++i) {
    if (auto* e = av_dict_get(fmt->streams[i]->metadata, "timecode", nullptr, 0)) return e->value;
  }
  return {};
}

double seconds(int64_t ts, AVRational tb) {
  if (ts == AV_NOPTS_VALUE || tb.den == 0) return 0;
  return double(ts) * av_q2d(tb);
}

}  // namespace

int best_video_stream(AVFormatContext* fmt) {
  int best = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (best >= 0 && !(fmt->streams[best]->disposition & AV_DISPOSITION_ATTACHED_PIC)) return best;
  for (unsigned i = 0; i < fmt->nb_streams; ++i) {
    const AVStream* st = fmt->streams[i];
    if (st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO && !(st->disposition & AV_DISPOSITION_ATTACHED_PIC))
      return int(i);
  }
  return -1;
}

TechnicalMetadata probe(const AVFormatContext* fmt) {
  TechnicalMetadata t;
  if (fmt->iformat) {
    t.container = or_empty(fmt->iformat->name);
    t.container_long = or_empty(fmt->iformat->long_name);
  }
  if (fmt->duration != AV_NOPTS_VALUE && fmt->duration > 0) t.duration_s = double(fmt->duration) / AV_TIME_BASE;
  t.bit_rate = fmt->bit_rate;
  t.timecode = find_timecode(fmt);

  for (unsigned i = 0; i < fmt->nb_streams; ++i) {
    const AVStream* st = fmt->streams[i];
    const AVCodecParameters* par = st->codecpar;
    StreamInfo s;
    s.index = int(i);
    s.type = or_empty(av_get_media_type_string(par->codec_type));
    if (const AVCodecDescriptor* d = avcodec_descriptor_get(par->codec_id)) {
      s.codec = d->name;
      s.codec_long = or_empty(d->long_name);
    } else {
      s.codec = "unknown";
    }
    s.profile = or_empty(avcodec_profile_name(par->codec_id, par->profile));
    s.level = par->level;
    s.bit_rate = par->bit_rate;
    s.time_base = rational(st->time_base);
    s.duration_s = seconds(st->duration, st->time_base);
    if (par->codec_type == AVMEDIA_TYPE_VIDEO) {
      s.width = par->width;
      s.height = par->height;
      AVRational sar =
          av_guess_sample_aspect_ratio(const_cast<AVFormatContext*>(fmt), const_cast<AVStream*>(st), nullptr);
      if (sar.num <= 0 || sar.den <= 0) sar = AVRational{1, 1};
      s.sar = rational(sar, ':');
      if (par->width > 0 && par->height > 0) {
        AVRational dar;
        av_reduce(&dar.num, &dar.den, int64_t(par->width) * sar.num, int64_t(par->height) * sar.den, 1 << 30);
        s.dar = rational(dar, ':');
      }
      s.avg_frame_rate = rational(st->avg_frame_rate);
      s.r_frame_rate = rational(st->r_frame_rate);
      s.field_order = field_order_name(par->field_order);
      auto pf = AVPixelFormat(par->format);
      s.pix_fmt = or_empty(av_get_pix_fmt_name(pf));
      if (const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(pf)) s.bit_depth = d->comp[0].depth;
      if (par->bits_per_raw_sample > 0 && s.bit_depth == 0) s.bit_depth = par->bits_per_raw_sample;
      s.color_primaries = or_empty(av_color_primaries_name(par->color_primaries));
      s.color_transfer = or_empty(av_color_transfer_name(par->color_trc));
      s.color_matrix = or_empty(av_color_space_name(par->color_space));
      s.color_range = or_empty(av_color_range_name(par->color_range));
      s.rotation_deg = compat::rotation_degrees(st);
    } else if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
      s.channels = compat::channels(par);
      s.channel_layout = compat::channel_layout(par);
      s.sample_rate = par->sample_rate;
      s.sample_fmt = or_empty(av_get_sample_fmt_name(AVSampleFormat(par->format)));
      s.bit_depth = par->bits_per_raw_sample;
    }
    t.streams.push_back(std::move(s));
  }
  return t;
}

}  // namespace reelscale::media
