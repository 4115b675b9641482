#include "media/dash_packager.hpp"

#include <climits>
#include <cstdint>
#include <memory>

#include "media/ffmpeg_ptr.hpp"
#include "media/media_file.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/mathematics.h>
#include <libavutil/opt.h>
}

namespace reelscale::media {

namespace {

/// One opened rendition: which of its streams go to the manifest, and the next packet.
struct Input {
  FormatContextPtr fmt;
  std::vector<int> map;  ///< input stream -> output stream, -1 = dropped
  PacketPtr pkt = make_packet();
  bool eof = false;
  /// Reads the next mapped packet (or sets eof).
  void advance() {
    for (;;) {
      av_packet_unref(pkt.get());
      if (av_read_frame(fmt.get(), pkt.get()) < 0) {
        eof = true;
        return;
      }
      if (map[std::size_t(pkt->stream_index)] >= 0) return;
    }
  }
  /// Decoding time of the pending packet in seconds (for interleaving the inputs).
  double dts_s() const {
    const AVStream* st = fmt->streams[pkt->stream_index];
    const std::int64_t t = pkt->dts != AV_NOPTS_VALUE ? pkt->dts : pkt->pts;
    return t == AV_NOPTS_VALUE ? 0.0 : double(t) * av_q2d(st->time_base);
  }
};

using OutputPtr = std::unique_ptr<AVFormatContext, void (*)(AVFormatContext*)>;

OutputPtr open_output(const std::filesystem::path& mpd) {
  AVFormatContext* out = nullptr;
  const int rc = avformat_alloc_output_context2(&out, nullptr, "dash", mpd.c_str());
  if (rc < 0 || !out) throw_media_error("cannot set up DASH for", mpd.string(), rc < 0 ? rc : AVERROR(ENOMEM));
  return OutputPtr(out, [](AVFormatContext* c) {
    if (c->pb) avio_closep(&c->pb);
    avformat_free_context(c);
  });
}

/// Adds input stream `i` of `in` to `out` (stream copy).
void add_stream(Input& in, unsigned i, AVFormatContext* out, const std::filesystem::path& file) {
  const AVStream* is = in.fmt->streams[i];
  AVStream* st = avformat_new_stream(out, nullptr);
  if (!st) throw std::bad_alloc();
  if (int rc = avcodec_parameters_copy(st->codecpar, is->codecpar); rc < 0)
    throw_media_error("cannot copy a stream of", file.string(), rc);
  st->codecpar->codec_tag = 0;
  st->time_base = is->time_base;
  st->sample_aspect_ratio = is->sample_aspect_ratio;
  in.map[i] = st->index;
}

/// The dash muxer wants one display aspect per adaptation set, but even rung widths
/// only approximate it (854x480 is not exactly 16:9): gives video streams 1..n-1 the
/// sample aspect ratio (within 0.2 % of 1:1 for the default ladder) that makes their
/// display aspect exactly that of stream 0, as `setsar` would.
void equalise_aspect(AVFormatContext* out, int n) {
  const AVCodecParameters* p0 = out->streams[0]->codecpar;
  const AVRational s0 = p0->sample_aspect_ratio.num > 0 ? p0->sample_aspect_ratio : AVRational{1, 1};
  for (int k = 1; k < n; ++k) {
    AVStream* st = out->streams[k];
    AVRational sar;
    av_reduce(&sar.num, &sar.den, std::int64_t(p0->width) * s0.num * st->codecpar->height,
              std::int64_t(p0->height) * s0.den * st->codecpar->width, INT_MAX);
    st->sample_aspect_ratio = st->codecpar->sample_aspect_ratio = sar;
  }
}

/// Adds the first video stream of every input (output streams 0..N-1), then the first
/// audio stream of the first input (stream N). Returns the adaptation_sets option.
std::string map_streams(std::vector<Input>& ins, AVFormatContext* out, const std::vector<DashVariant>& vars) {
  for (std::size_t k = 0; k < ins.size(); ++k) {
    ins[k].map.assign(ins[k].fmt->nb_streams, -1);
    const int v = av_find_best_stream(ins[k].fmt.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (v < 0) throw MediaError("no video stream in '" + vars[k].mp4.string() + "'");
    add_stream(ins[k], unsigned(v), out, vars[k].mp4);
  }
  const int a = av_find_best_stream(ins[0].fmt.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
  if (a < 0) {
    equalise_aspect(out, int(ins.size()));
    return "id=0,streams=v";
  }
  add_stream(ins[0], unsigned(a), out, vars[0].mp4);
  equalise_aspect(out, int(ins.size()));
  return "id=0,streams=v id=1,streams=a";
}

}  // namespace

std::filesystem::path write_dash(const std::vector<DashVariant>& variants, const std::filesystem::path& dir,
                                 double segment_s) {
  if (variants.empty()) throw MediaError("no rendition to package as DASH in '" + dir.string() + "'");
  std::filesystem::create_directories(dir);
  const std::filesystem::path mpd = dir / "manifest.mpd", part = dir / "manifest.mpd.part";
  std::vector<Input> ins(variants.size());
  for (std::size_t k = 0; k < variants.size(); ++k) ins[k].fmt = open_media(variants[k].mp4);
  OutputPtr out = open_output(part);
  AVDictionary* opts = nullptr;
  av_dict_set(&opts, "adaptation_sets", map_streams(ins, out.get(), variants).c_str(), 0);
  av_dict_set(&opts, "seg_duration", std::to_string(segment_s).c_str(), 0);
  av_dict_set(&opts, "use_template", "1", 0);
  av_dict_set(&opts, "use_timeline", "1", 0);
  av_dict_set(&opts, "dash_segment_type", "mp4", 0);
  av_dict_set(&opts, "init_seg_name", "init-$RepresentationID$.$ext$", 0);
  av_dict_set(&opts, "media_seg_name", "chunk-$RepresentationID$-$Number%05d$.$ext$", 0);
  int rc = avformat_write_header(out.get(), &opts);
  av_dict_free(&opts);
  if (rc < 0) throw_media_error("cannot write the DASH header of", mpd.string(), rc);
  for (Input& in : ins) in.advance();
  for (;;) {  // interleave the inputs by decoding time
    Input* next = nullptr;
    for (Input& in : ins)
      if (!in.eof && (!next || in.dts_s() < next->dts_s())) next = &in;
    if (!next) break;
    AVPacket* p = next->pkt.get();
    const int o = next->map[std::size_t(p->stream_index)];
    av_packet_rescale_ts(p, next->fmt->streams[p->stream_index]->time_base, out->streams[o]->time_base);
    p->stream_index = o;
    p->pos = -1;
    if ((rc = av_interleaved_write_frame(out.get(), p)) < 0)
      throw_media_error("cannot write a DASH segment of", mpd.string(), rc);
    next->advance();
  }
  if ((rc = av_write_trailer(out.get())) < 0) throw_media_error("cannot finish", mpd.string(), rc);
  out.reset();
  std::filesystem::rename(part, mpd);
  return mpd;
}

}  // namespace reelscale::media
