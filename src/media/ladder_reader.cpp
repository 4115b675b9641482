#include "media/ladder_reader.hpp"
#include "media/detail/libav.hpp"

#include "media/filter_chain.hpp"
#include "media/media_file.hpp"
#include "media/video_decoder.hpp"

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/rational.h>
}

namespace reelscale::media {

namespace {
int best_audio(AVFormatContext* fmt, int vs) {
  int as = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, vs, nullptr, 0);
  return as >= 0 ? as : -1;
}
}  // namespace

VideoGeometry probe_video_geometry(const std::filesystem::path& file) {
  FormatContextPtr fmt = open_media(file);
  const int vs = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (vs < 0) throw MediaError("no video stream in '" + file.string() + "'");
  return video_geometry(fmt.get(), vs, best_audio(fmt.get(), vs));
}

VideoGeometry video_geometry(const AVFormatContext* fmt, int video_stream, int audio_stream) {
  VideoGeometry g;
  g.stream = video_stream;
  g.audio_stream = audio_stream;
  AVStream* st = fmt->streams[g.stream];
  g.width = st->codecpar->width;
  g.height = st->codecpar->height;
  const AVRational sar = av_guess_sample_aspect_ratio(const_cast<AVFormatContext*>(fmt), st, nullptr);
  g.sar_num = sar.num, g.sar_den = sar.den > 0 ? sar.den : 1;
  const AVFieldOrder fo = st->codecpar->field_order;
  g.interlaced = fo == AV_FIELD_TT || fo == AV_FIELD_BB || fo == AV_FIELD_TB || fo == AV_FIELD_BT;
  const AVRational r = st->avg_frame_rate.num > 0 ? st->avg_frame_rate : st->r_frame_rate;
  g.fps = r.den > 0 ? av_q2d(r) : 0;
  g.turns = upright_quarter_turns(st);
  return g;
}

std::vector<RungResult> encode_ladder_from_file(const std::filesystem::path& file, LadderConfig cfg,
                                                const std::function<bool(std::int64_t)>& is_cut) {
  FormatContextPtr fmt = open_media(file);
  const int vs = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (vs < 0) throw MediaError("no video stream in '" + file.string() + "'");
  const int as = best_audio(fmt.get(), vs);
  RenditionLadder ladder(std::move(cfg), file.string());
  ladder.begin(fmt.get(), vs, as);
  VideoDecoder dec(fmt.get(), vs, file.string(), 0);
  if (as >= 0) dec.on_other_packet([&](const AVPacket& p) { ladder.push_audio(p); });
  FramePtr f = make_frame();
  for (std::int64_t i = 0; dec.next(f.get()); ++i) ladder.push_video(*f, is_cut && is_cut(i));
  return ladder.finish();
}

}  // namespace reelscale::media
