#include "media/image_writer.hpp"
#include "media/detail/libav.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>

#include "media/ffmpeg_ptr.hpp"
#include "media/filter_chain.hpp"
#include "media/media_file.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

namespace reelscale::media {
namespace {

/// Sequential decoder of one stream with seek support.
struct SeekingDecoder {
  AVFormatContext* fmt;
  AVStream* st;
  CodecContextPtr ctx;
  PacketPtr pkt = make_packet();
  std::int64_t start = 0;
  bool eof = false;

  SeekingDecoder(AVFormatContext* f, int vs, const std::string& file) : fmt(f), st(f->streams[vs]) {
    const AVCodec* c = avcodec_find_decoder(st->codecpar->codec_id);
    if (!c) throw MediaError("no decoder for the video of '" + file + "'");
    ctx.reset(avcodec_alloc_context3(c));
    if (!ctx) throw std::bad_alloc();
    if (int rc = avcodec_parameters_to_context(ctx.get(), st->codecpar); rc < 0) throw_media_error("cannot configure decoder for", file, rc);
    ctx->pkt_timebase = st->time_base;
    if (int rc = avcodec_open2(ctx.get(), c, nullptr); rc < 0) throw_media_error("cannot open decoder for", file, rc);
    start = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
    for (unsigned i = 0; i < fmt->nb_streams; ++i) fmt->streams[i]->discard = int(i) == vs ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
  }
  double seconds(const AVFrame* f) const {
    const std::int64_t ts = f->best_effort_timestamp != AV_NOPTS_VALUE ? f->best_effort_timestamp : f->pts;
    return ts == AV_NOPTS_VALUE ? NAN : double(ts - start) * av_q2d(st->time_base);
  }
  void seek(double t) {
    const std::int64_t ts = start + std::int64_t(std::max(0.0, t) / av_q2d(st->time_base));
    av_seek_frame(fmt, st->index, ts, AVSEEK_FLAG_BACKWARD);
    avcodec_flush_buffers(ctx.get());
    eof = false;
  }
  bool next(AVFrame* out) {
    av_frame_unref(out);
    for (;;) {
      int rc = avcodec_receive_frame(ctx.get(), out);
      if (rc == 0) return true;
      if (rc == AVERROR_EOF) return false;
      if (eof) return false;
      rc = av_read_frame(fmt, pkt.get());
      if (rc < 0) {
        avcodec_send_packet(ctx.get(), nullptr);
        eof = true;
        continue;
      }
      if (pkt->stream_index == st->index) avcodec_send_packet(ctx.get(), pkt.get());
      av_packet_unref(pkt.get());
    }
  }
};

/// Scales `src` to `width` (square pixels) and encodes one image with `codec_name`. Returns the bytes.
/// `src` scaled (area) to `ow` x `oh` upright pixels of format `pf`, turned upright by `turns`
/// clockwise quarter turns (libavfilter transpose, as ffmpeg's autorotate).
FramePtr upright_scaled(const AVFrame& src, int ow, int oh, AVPixelFormat pf, int turns, const std::string& file) {
  const int cw = turns % 2 ? oh : ow, chh = turns % 2 ? ow : oh;  // size in the coded orientation
  SwsContextPtr sws(sws_getContext(src.width, src.height, AVPixelFormat(src.format), cw, chh, pf, SWS_AREA, nullptr, nullptr, nullptr));
  if (!sws) throw MediaError("libswscale cannot convert the pixels of '" + file + "'");
  FramePtr dst = make_frame();
  dst->width = cw, dst->height = chh, dst->format = pf;
  if (int rc = av_frame_get_buffer(dst.get(), 0); rc < 0) throw_media_error("cannot allocate an image for", file, rc);
  sws_scale(sws.get(), src.data, src.linesize, 0, src.height, dst->data, dst->linesize);
  if (turns == 0) return dst;
  FilterChain turn(rotation_filter(turns), file);
  FramePtr up = make_frame();
  auto keep = [&](AVFrame* f) { av_frame_move_ref(up.get(), f); };
  turn.push(dst.get(), keep);
  turn.flush(keep);
  if (up->width != ow || up->height != oh) throw MediaError("rotation of an image of '" + file + "' failed");
  return up;
}

std::string encode_image(const AVFrame& src, AVRational sar, int turns, int width, const std::string& codec_name, int& ow,
                         int& oh, const std::string& file) {
  const AVCodec* codec = avcodec_find_encoder_by_name(codec_name.c_str());
  if (!codec) throw MediaError("no " + codec_name + " encoder in this FFmpeg (image of '" + file + "')");
  const double s = (sar.num > 0 && sar.den > 0) ? av_q2d(sar) : 1.0;
  const double cw = src.width * s, ch = src.height;  // display size, coded orientation
  const double dw = turns % 2 ? ch : cw, dh = turns % 2 ? cw : ch;
  ow = std::max(2, std::min(width, int(dw)) / 2 * 2);
  oh = std::max(2, int(std::lround(ow * dh / dw / 2.0)) * 2);
  const bool jpeg = codec_name == "mjpeg";
  const AVPixelFormat pf = jpeg ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_YUV420P;
  FramePtr dst = upright_scaled(src, ow, oh, pf, turns, file);
  CodecContextPtr ctx(avcodec_alloc_context3(codec));
  if (!ctx) throw std::bad_alloc();
  ctx->width = ow, ctx->height = oh, ctx->pix_fmt = pf, ctx->time_base = {1, 25};
  if (jpeg) {
    ctx->flags |= AV_CODEC_FLAG_QSCALE;
    ctx->global_quality = FF_QP2LAMBDA * 3;
    ctx->color_range = AVCOL_RANGE_JPEG;
    dst->quality = ctx->global_quality;
  } else {
    av_opt_set_double(ctx->priv_data, "quality", 80, 0);
  }
  if (int rc = avcodec_open2(ctx.get(), codec, nullptr); rc < 0) throw_media_error("cannot open the " + codec_name + " encoder for", file, rc);
  dst->pts = 0;
  if (int rc = avcodec_send_frame(ctx.get(), dst.get()); rc < 0) throw_media_error(codec_name + " rejected an image of", file, rc);
  avcodec_send_frame(ctx.get(), nullptr);
  PacketPtr pkt = make_packet();
  std::string bytes;
  while (avcodec_receive_packet(ctx.get(), pkt.get()) == 0) {
    bytes.append(reinterpret_cast<const char*>(pkt->data), std::size_t(pkt->size));
    av_packet_unref(pkt.get());
  }
  if (bytes.empty()) throw MediaError(codec_name + " produced no image for '" + file + "'");
  return bytes;
}

void write_file(const std::filesystem::path& p, const std::string& bytes) {
  std::filesystem::create_directories(p.parent_path());
  std::filesystem::path part = p;
  part += ".part";
  {
    std::ofstream o(part, std::ios::binary);
    o.write(bytes.data(), std::streamsize(bytes.size()));
    if (!o) throw MediaError("cannot write '" + part.string() + "'");
  }
  std::filesystem::rename(part, p);
}

/// Seeks so that the first decoded frame (left in `cur`) is at or before `t` seconds and
/// returns its time (NaN: nothing decoded). Containers without an exact index (MPEG-TS:
/// the seek lands on a packet, the decoder starts at the next keyframe, after `t`) get
/// seeks further back (1, 3, 7, 15, 31 s before `t`) before a restart from the beginning,
/// so an image costs about one GOP of decoding, not the programme up to it.
double seek_to_before(SeekingDecoder& dec, double t, AVFrame* cur) {
  double cur_t = NAN;
  for (double back : {0.0, 1.0, 3.0, 7.0, 15.0, 31.0}) {
    if (back > 0 && t - back <= 0) break;
    dec.seek(t - back);
    cur_t = dec.next(cur) ? dec.seconds(cur) : NAN;
    if (!std::isnan(cur_t) && cur_t <= t) return cur_t;
  }
  dec.seek(0);  // bad index: start over from the beginning
  return dec.next(cur) ? dec.seconds(cur) : NAN;
}

}  // namespace

std::vector<ImageResult> write_images(const std::filesystem::path& file, const std::vector<ImageRequest>& requests,
                                      const std::string& prefer) {
  FormatContextPtr fmt = open_media(file);
  const int vs = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (vs < 0) throw MediaError("no video stream in '" + file.string() + "'");
  SeekingDecoder dec(fmt.get(), vs, file.string());
  const AVRational sar = av_guess_sample_aspect_ratio(fmt.get(), dec.st, nullptr);
  const int turns = upright_quarter_turns(dec.st);
  const AVRational r = dec.st->avg_frame_rate.num > 0 ? dec.st->avg_frame_rate : AVRational{25, 1};
  const double half = 0.5 / av_q2d(r);
  std::vector<std::size_t> order(requests.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return requests[a].pts_s < requests[b].pts_s; });
  std::vector<ImageResult> out(requests.size());
  FramePtr cur = make_frame(), prev = make_frame();
  double cur_t = NAN;
  for (std::size_t idx : order) {
    const ImageRequest& q = requests[idx];
    ImageResult& res = out[idx];
    try {
      if (std::isnan(cur_t) || q.pts_s < cur_t - half || q.pts_s > cur_t + 5.0) {
        cur_t = seek_to_before(dec, q.pts_s + half, cur.get());
      }
      while (!std::isnan(cur_t) && cur_t < q.pts_s - half) {
        if (!dec.next(prev.get())) break;
        std::swap(cur, prev);
        cur_t = dec.seconds(cur.get());
      }
      if (std::isnan(cur_t)) throw MediaError("no frame decoded near " + std::to_string(q.pts_s) + " s in '" + file.string() + "'");
      std::string bytes;
      res.format = prefer == "jpeg" ? "jpeg" : "webp";
      try {
        bytes = encode_image(*cur, sar, turns, q.width, res.format == "webp" ? "libwebp" : "mjpeg", res.width, res.height, file.string());
      } catch (const MediaError&) {
        if (res.format != "webp") throw;
        res.format = "jpeg";  // fallback
        bytes = encode_image(*cur, sar, turns, q.width, "mjpeg", res.width, res.height, file.string());
      }
      std::filesystem::path p = q.path;
      p += res.format == "webp" ? ".webp" : ".jpg";
      write_file(p, bytes);
      res.path = p;
    } catch (const std::exception& e) {
      res = ImageResult{};
      res.error = e.what();
    }
  }
  return out;
}

}  // namespace reelscale::media
