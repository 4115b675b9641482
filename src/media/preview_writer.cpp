#include "media/preview_writer.hpp"
#include "media/detail/libav.hpp"

#include <algorithm>
#include <cmath>

#include "media/aac_encoder.hpp"
#include "media/audio_reader.hpp"
#include "media/media_file.hpp"
#include "media/muxer.hpp"
#include "media/rung_scaler.hpp"
#include "media/video_encoder.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libavutil/rational.h>
}

namespace reelscale::media {

namespace {
/// Index of the clip holding the frame presented at time t, -1 if none. `tol` (a few
/// milliseconds) absorbs the MP4 edit list's rounding: the muxer stores the proxy's start in
/// the movie time scale (1/1000 s), so a frame can read up to a millisecond before the
/// analysis's time for it (Megamind.avi: 0.08275 s for a shot starting at 0.08342 s). Not
/// half a frame period: a variable-rate source (tree.avi, 2.3 frames/s on average) has
/// frames closer to a clip's end than that.
int clip_of(const std::vector<ClipSpan>& c, double t, double tol) {
  for (std::size_t i = 0; i < c.size(); ++i)
    if (t >= c[i].start_s - tol && t < c[i].end_s - tol) return int(i);
  return -1;
}

/// Mixes the source audio into the preview timeline with crossfades at the joins.
struct AudioAssembler {
  const std::vector<ClipSpan>& clips;
  std::vector<double> offset;  // output start of each clip, seconds
  double fade;
  std::vector<float> l, r;
  AudioAssembler(const std::vector<ClipSpan>& c, double f) : clips(c), fade(f) {
    double o = 0;
    for (const auto& k : c) offset.push_back(o), o += k.end_s - k.start_s;
    l.assign(std::size_t(o * 48000) + 1, 0.f);
    r = l;
  }
  void add(double t, float a, float b) {
    for (std::size_t i = 0; i < clips.size(); ++i) {
      const double s = clips[i].start_s - (i > 0 ? fade / 2 : 0), e = clips[i].end_s + (i + 1 < clips.size() ? fade / 2 : 0);
      if (t < s || t >= e) continue;
      double g = 1;
      if (i > 0 && t < s + fade) g = (t - s) / fade;                        // fade in across the join
      if (i + 1 < clips.size() && t > e - fade) g = std::min(g, (e - t) / fade);  // fade out across the join
      const long long at = std::llround((offset[i] + t - clips[i].start_s) * 48000);
      if (at >= 0 && at < (long long)l.size()) l[std::size_t(at)] += float(g) * a, r[std::size_t(at)] += float(g) * b;
    }
  }
};
}  // namespace

namespace {
/// Which GOPs of the proxy hold preview frames, from the container's index (MP4: every
/// keyframe's decoding time): packets of other GOPs are not decoded at all, so a 30 s
/// preview of a long programme decodes about 30 s of the proxy, not all of it.
/// Without an index every packet is decoded.
struct GopFilter {
  std::vector<double> keys;  // keyframe decoding times on the proxy timeline, seconds, sorted
  bool decode = true;
  explicit GopFilter(const AVStream* st) {
    AVStream* s = const_cast<AVStream*>(st);  // FFmpeg 5.1 takes a non-const stream
    const int n = avformat_index_get_entries_count(s);
    for (int i = 0; i < n; ++i)
      if (const AVIndexEntry* e = avformat_index_get_entry(s, i); e && (e->flags & AVINDEX_KEYFRAME))
        keys.push_back(double(e->timestamp) * av_q2d(st->time_base));
    std::sort(keys.begin(), keys.end());
  }
  /// Called for every video packet (decoding order); true when it must be decoded.
  bool wanted(const AVPacket& p, const AVStream* st, const std::vector<ClipSpan>& clips) {
    if (keys.empty() || !(p.flags & AV_PKT_FLAG_KEY) || p.dts == AV_NOPTS_VALUE) return decode || keys.empty();
    const double t = double(p.dts) * av_q2d(st->time_base);
    const auto next = std::upper_bound(keys.begin(), keys.end(), t + 1e-6);
    const double end = next == keys.end() ? INFINITY : *next;
    constexpr double kMargin = 0.5;  // decoding vs presentation time (B-frame delay), seconds
    decode = false;
    for (const auto& c : clips)
      if (c.start_s < end + kMargin && c.end_s > t - kMargin) decode = true;
    return decode;
  }
};

/// Opens the proxy's video decoder.
CodecContextPtr open_decoder(const AVStream* st, const std::string& file) {
  const AVCodec* vc = avcodec_find_decoder(st->codecpar->codec_id);
  if (!vc) throw MediaError("no decoder for '" + file + "'");
  CodecContextPtr vd(avcodec_alloc_context3(vc));
  if (!vd) throw std::bad_alloc();
  if (int rc = avcodec_parameters_to_context(vd.get(), st->codecpar); rc < 0) throw_media_error("cannot configure decoder for", file, rc);
  vd->pkt_timebase = st->time_base;
  if (int rc = avcodec_open2(vd.get(), vc, nullptr); rc < 0) throw_media_error("cannot open decoder for", file, rc);
  return vd;
}

/// Re-times and encodes the decoded frames that fall inside a clip.
struct ClipVideo {
  const std::vector<ClipSpan>& clips;
  const AVStream* st;
  double tol;  // timestamp tolerance, seconds (clip_of)
  VideoEncoder& enc;
  VideoEncoder::PacketSink write;
  std::vector<double> out_off;
  int last_clip = -1;
  std::int64_t last_pts = INT64_MIN, frames = 0;
  void take(AVCodecContext* vd, AVFrame* f) {
    if (out_off.empty())
      for (double o = 0; const auto& c : clips) out_off.push_back(o), o += c.end_s - c.start_s;
    while (avcodec_receive_frame(vd, f) == 0) {
      const std::int64_t ts = f->best_effort_timestamp != AV_NOPTS_VALUE ? f->best_effort_timestamp : f->pts;
      const double t = double(ts) * av_q2d(st->time_base);
      const int c = clip_of(clips, t, tol);
      if (c >= 0) {
        // A frame up to `tol` before its clip's start is its clip's first frame: at 0, never
        // before (a negative PTS falls outside the MP4 edit list and the player drops it).
        const double in_clip = std::max(0.0, t - clips[std::size_t(c)].start_s);
        std::int64_t pts = std::llround((out_off[std::size_t(c)] + in_clip) / av_q2d(st->time_base));
        if (pts <= last_pts) pts = last_pts + 1;
        last_pts = f->pts = pts;
        enc.encode(f, c != last_clip, write);  // IDR at every clip start
        last_clip = c;
        ++frames;
      }
      av_frame_unref(f);
    }
  }
};
}  // namespace

PreviewResult write_preview(const std::filesystem::path& proxy, const std::vector<ClipSpan>& clips,
                            const std::filesystem::path& out, int crf, const std::string& preset, double crossfade_s) {
  if (clips.empty()) throw MediaError("empty preview edit list for '" + proxy.string() + "'");
  FormatContextPtr fmt = open_media(proxy);
  const int vs = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (vs < 0) throw MediaError("no video stream in '" + proxy.string() + "'");
  const int as = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_AUDIO, -1, vs, nullptr, 0);
  AVStream* st = fmt->streams[vs];
  CodecContextPtr vd = open_decoder(st, proxy.string());
  // Times are read on the proxy's own timeline, unshifted: the proxy keeps the source's
  // (RenditionLadder: source PTS minus the source stream's start time), which is the timeline
  // of the analysis's shot times. A proxy whose first frame is not at 0 (Megamind.avi: 1/24 s)
  // must not be shifted to 0, or every clip starts a frame late.
  const AVRational rate = st->avg_frame_rate.num > 0 ? st->avg_frame_rate : AVRational{25, 1};

  Muxer mux(out, "mp4");
  VideoEncodeSettings s;
  s.width = st->codecpar->width, s.height = st->codecpar->height, s.time_base = st->time_base, s.frame_rate = rate;
  s.crf = crf, s.preset = preset, s.gop = std::max(1, int(std::lround(2 * av_q2d(rate))));
  VideoEncoder enc(s, out.string(), mux.global_header());
  std::unique_ptr<AudioReader> ar;
  std::unique_ptr<AacEncoder> aac;
  if (as >= 0) {
    ar = std::make_unique<AudioReader>(fmt->streams[as], proxy.string());
    aac = std::make_unique<AacEncoder>(128000, mux.global_header(), out.string());
  }
  const int vi = mux.add_stream(enc.context());
  const int ai = aac ? mux.add_stream(aac->context()) : -1;
  mux.begin("+faststart");
  auto write_a = [&](AVPacket* p) { mux.write(p, ai, aac->context()->time_base); };
  ClipVideo video{clips, st, std::min(0.002, 0.25 / av_q2d(rate)), enc, [&](AVPacket* p) { mux.write(p, vi, enc.context()->time_base); }, {}};

  AudioAssembler mix(clips, crossfade_s);
  double a_t = NAN;  // proxy time of the next decoded audio sample
  StereoSink on_audio = [&](const float* l, const float* r, int n) {
    if (std::isnan(a_t)) a_t = std::isnan(ar->first_pts_s()) ? 0.0 : ar->first_pts_s();
    for (int i = 0; i < n; ++i) mix.add(a_t + double(i) / 48000, l[i], r[i]);
    a_t += double(n) / 48000;
  };
  FramePtr f = make_frame();
  PacketPtr pkt = make_packet();
  GopFilter gops(st);
  while (av_read_frame(fmt.get(), pkt.get()) >= 0) {
    if (pkt->stream_index == vs) {
      if (gops.wanted(*pkt, st, clips)) {
        avcodec_send_packet(vd.get(), pkt.get());
        video.take(vd.get(), f.get());
      }
    } else if (ar && pkt->stream_index == as) {
      ar->feed(*pkt, on_audio);
    }
    av_packet_unref(pkt.get());
  }
  avcodec_send_packet(vd.get(), nullptr);
  video.take(vd.get(), f.get());
  enc.flush(video.write);
  if (ar) {
    ar->flush(on_audio);
    for (std::size_t i = 0; i < mix.l.size(); i += 4800) {
      const int n = int(std::min<std::size_t>(4800, mix.l.size() - i));
      aac->push(mix.l.data() + i, mix.r.data() + i, n, write_a);
    }
    aac->flush(write_a);
  }
  mux.finish();
  PreviewResult res;
  res.width = s.width, res.height = s.height, res.frames = video.frames;
  res.duration_s = video.last_pts == INT64_MIN ? 0 : double(video.last_pts) * av_q2d(st->time_base) + 1.0 / av_q2d(rate);
  std::error_code ec;
  res.bytes = std::int64_t(std::filesystem::file_size(out, ec));
  return res;
}

}  // namespace reelscale::media
