#include "media/video_decoder.hpp"
#include "media/detail/libav.hpp"

namespace reelscale::media {

Rational VideoDecoder::time_base() const { return from_av(stream_->time_base); }

int lowres_level(int width, int max_lowres, int min_width) {
  int l = 0;
  while (l < max_lowres && (width >> (l + 1)) >= min_width) ++l;
  return l;
}

namespace {

/// Codecs whose decoder honours skip_loop_filter (in-loop deblocking that the analysis can do without).
bool has_loop_filter(AVCodecID id) {
  return id == AV_CODEC_ID_H264 || id == AV_CODEC_ID_HEVC || id == AV_CODEC_ID_VP8 || id == AV_CODEC_ID_VP9 ||
         id == AV_CODEC_ID_VC1 || id == AV_CODEC_ID_WMV3 || id == AV_CODEC_ID_AV1;
}

}  // namespace

VideoDecoder::VideoDecoder(AVFormatContext* fmt, int stream_index, const std::string& file, int threads, int min_width)
    : fmt_(fmt), stream_(fmt->streams[stream_index]), file_(file), packet_(make_packet()) {
  const AVCodec* codec = avcodec_find_decoder(stream_->codecpar->codec_id);
  if (!codec) {
    const char* name = avcodec_get_name(stream_->codecpar->codec_id);
    throw MediaError("unsupported codec '" + std::string(name ? name : "unknown") + "' in '" + file +
                     "': " + av_error_string(AVERROR_DECODER_NOT_FOUND));
  }
  codec_.reset(avcodec_alloc_context3(codec));
  if (!codec_) throw std::bad_alloc();
  if (int rc = avcodec_parameters_to_context(codec_.get(), stream_->codecpar); rc < 0)
    throw_media_error("cannot configure decoder for", file, rc);
  codec_->pkt_timebase = stream_->time_base;
  codec_->thread_count = threads;
  codec_->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
  if (min_width > 0) {
    if (const int l = lowres_level(stream_->codecpar->width, codec->max_lowres, min_width); l > 0) {
      codec_->lowres = l;
      reduction_ = "lowres " + std::to_string(l);
    }
    if (has_loop_filter(codec->id)) {
      codec_->skip_loop_filter = AVDISCARD_ALL;
      reduction_ += (reduction_.empty() ? "" : ", ") + std::string("skip_loop_filter");
    }
  }
  if (int rc = avcodec_open2(codec_.get(), codec, nullptr); rc < 0)
    throw_media_error("cannot open decoder '" + std::string(codec->name) + "' for", file, rc);
  // Only the analysed stream's packets are needed unless a caller listens to others.
  for (unsigned i = 0; i < fmt_->nb_streams; ++i) {
    if (int(i) != stream_index) fmt_->streams[i]->discard = AVDISCARD_ALL;
  }
}

void VideoDecoder::on_other_packet(std::function<void(const AVPacket&)> cb) {
  other_ = std::move(cb);
  for (unsigned i = 0; i < fmt_->nb_streams; ++i) fmt_->streams[i]->discard = AVDISCARD_DEFAULT;
}

void VideoDecoder::note_error(const std::string& what, int rc) {
  ++errors_;
  if (first_error_.empty()) first_error_ = what + " '" + file_ + "': " + av_error_string(rc);
}

bool VideoDecoder::feed() {
  if (flushed_) return false;
  for (;;) {
    int rc = av_read_frame(fmt_, packet_.get());
    if (rc < 0) {
      if (rc != AVERROR_EOF) {
        read_error_ = true;
        note_error("read error in", rc);
      }
      avcodec_send_packet(codec_.get(), nullptr);  // enter draining mode
      flushed_ = true;
      return true;
    }
    if (packet_->stream_index != stream_->index) {
      if (other_) other_(*packet_);
      av_packet_unref(packet_.get());
      continue;
    }
    rc = avcodec_send_packet(codec_.get(), packet_.get());
    av_packet_unref(packet_.get());
    if (rc < 0 && rc != AVERROR(EAGAIN)) note_error("decoder rejected a packet of", rc);
    return true;
  }
}

bool VideoDecoder::next(AVFrame* out) {
  av_frame_unref(out);
  for (;;) {
    int rc = avcodec_receive_frame(codec_.get(), out);
    if (rc == 0) {
      if ((out->flags & AV_FRAME_FLAG_CORRUPT) || out->decode_error_flags) ++errors_;
      return true;
    }
    if (rc == AVERROR_EOF) return false;
    if (rc != AVERROR(EAGAIN)) {
      note_error("decode error in", rc);
      if (flushed_) return false;
    }
    if (!feed()) return false;
  }
}

}  // namespace reelscale::media
