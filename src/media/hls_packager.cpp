#include "media/hls_packager.hpp"
#include "media/detail/libav.hpp"

#include <cmath>
#include <fstream>

#include "media/ffmpeg_ptr.hpp"
#include "media/media_file.hpp"

extern "C" {
#include <libavutil/opt.h>
}

namespace reelscale::media {

namespace {
/// Stream-copies `v.mp4` into an HLS VOD playlist under `dir`.
void package_one(const HlsVariant& v, const std::filesystem::path& dir, double segment_s) {
  FormatContextPtr in = open_media(v.mp4);
  const std::filesystem::path playlist = dir / (v.name + ".m3u8");
  AVFormatContext* out = nullptr;
  int rc = avformat_alloc_output_context2(&out, nullptr, "hls", playlist.c_str());
  if (rc < 0 || !out) throw_media_error("cannot set up HLS for", playlist.string(), rc < 0 ? rc : AVERROR(ENOMEM));
  std::unique_ptr<AVFormatContext, void (*)(AVFormatContext*)> own(out, [](AVFormatContext* c) {
    if (c->pb) avio_closep(&c->pb);
    avformat_free_context(c);
  });
  std::vector<int> map(in->nb_streams, -1);
  for (unsigned i = 0; i < in->nb_streams; ++i) {
    const AVCodecParameters* par = in->streams[i]->codecpar;
    if (par->codec_type != AVMEDIA_TYPE_VIDEO && par->codec_type != AVMEDIA_TYPE_AUDIO) continue;
    AVStream* st = avformat_new_stream(out, nullptr);
    if (!st) throw std::bad_alloc();
    if ((rc = avcodec_parameters_copy(st->codecpar, par)) < 0) throw_media_error("cannot copy a stream of", v.mp4.string(), rc);
    st->codecpar->codec_tag = 0;
    st->time_base = in->streams[i]->time_base;
    map[i] = st->index;
  }
  AVDictionary* opts = nullptr;
  av_dict_set(&opts, "hls_time", std::to_string(segment_s).c_str(), 0);
  av_dict_set(&opts, "hls_playlist_type", "vod", 0);
  av_dict_set(&opts, "hls_segment_filename", (dir / (v.name + "_%05d.ts")).c_str(), 0);
  rc = avformat_write_header(out, &opts);
  av_dict_free(&opts);
  if (rc < 0) throw_media_error("cannot write the HLS header of", playlist.string(), rc);
  PacketPtr pkt = make_packet();
  while (av_read_frame(in.get(), pkt.get()) >= 0) {
    const int o = map[std::size_t(pkt->stream_index)];
    if (o >= 0) {
      av_packet_rescale_ts(pkt.get(), in->streams[pkt->stream_index]->time_base, out->streams[o]->time_base);
      pkt->stream_index = o;
      pkt->pos = -1;
      if ((rc = av_interleaved_write_frame(out, pkt.get())) < 0) throw_media_error("cannot write HLS segment of", playlist.string(), rc);
    }
    av_packet_unref(pkt.get());
  }
  if ((rc = av_write_trailer(out)) < 0) throw_media_error("cannot finish", playlist.string(), rc);
}
}  // namespace

std::filesystem::path write_hls(const std::vector<HlsVariant>& variants, const std::filesystem::path& dir, double segment_s) {
  std::filesystem::create_directories(dir);
  for (const HlsVariant& v : variants) package_one(v, dir, segment_s);
  const std::filesystem::path master = dir / "master.m3u8", part = dir / "master.m3u8.part";
  {
    std::ofstream m(part);
    m << "#EXTM3U\n#EXT-X-VERSION:3\n";
    for (const HlsVariant& v : variants)
      m << "#EXT-X-STREAM-INF:BANDWIDTH=" << std::llround(v.bit_rate * 1.1) << ",RESOLUTION=" << v.width << "x" << v.height << "\n"
        << v.name << ".m3u8\n";
    if (!m) throw MediaError("cannot write '" + part.string() + "'");
  }
  std::filesystem::rename(part, master);
  return master;
}

}  // namespace reelscale::media
