#include "media/video_encoder.hpp"
#include "media/detail/libav.hpp"

extern "C" {
#include <libavutil/opt.h>
}

namespace reelscale::media {

VideoEncoder::VideoEncoder(const VideoEncodeSettings& s, const std::string& file, bool global_header)
    : file_(file), pkt_(make_packet()) {
  const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
  if (!codec) throw MediaError("no libx264 encoder in this FFmpeg for '" + file + "'");
  ctx_.reset(avcodec_alloc_context3(codec));
  if (!ctx_) throw std::bad_alloc();
  ctx_->width = s.width;
  ctx_->height = s.height;
  ctx_->pix_fmt = AV_PIX_FMT_YUV420P;
  ctx_->time_base = s.time_base;
  ctx_->framerate = s.frame_rate;
  ctx_->sample_aspect_ratio = s.sar;
  ctx_->gop_size = s.gop;
  ctx_->thread_count = s.threads;
  ctx_->colorspace = s.colorspace;
  ctx_->color_primaries = s.primaries;
  ctx_->color_trc = s.transfer;
  ctx_->color_range = AVCOL_RANGE_MPEG;
  if (global_header) ctx_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  av_opt_set(ctx_->priv_data, "preset", s.preset.c_str(), 0);
  if (s.bit_rate > 0) {
    ctx_->bit_rate = s.bit_rate;
  } else {
    av_opt_set_double(ctx_->priv_data, "crf", s.crf, 0);
  }
  av_opt_set_int(ctx_->priv_data, "forced-idr", 1, 0);
  if (!s.scenecut) av_opt_set(ctx_->priv_data, "x264-params", "scenecut=0", 0);
  if (int rc = avcodec_open2(ctx_.get(), codec, nullptr); rc < 0)
    throw_media_error("cannot open libx264 (" + std::to_string(s.width) + "x" + std::to_string(s.height) + ") for", file, rc);
  if (s.frame_rate.num > 0 && s.frame_rate.den > 0)
    default_duration_ = std::max<std::int64_t>(1, av_rescale_q(1, av_inv_q(s.frame_rate), s.time_base));
}

void VideoEncoder::drain(const PacketSink& sink) {
  for (;;) {
    int rc = avcodec_receive_packet(ctx_.get(), pkt_.get());
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
    if (rc < 0) throw_media_error("H.264 encoding failed for", file_, rc);
    if (pkt_->duration <= 0) pkt_->duration = default_duration_;
    sink(pkt_.get());
    av_packet_unref(pkt_.get());
  }
}

void VideoEncoder::encode(AVFrame* frame, bool force_key, const PacketSink& sink) {
  frame->pict_type = force_key ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
  if (int rc = avcodec_send_frame(ctx_.get(), frame); rc < 0) throw_media_error("H.264 encoder rejected a frame for", file_, rc);
  drain(sink);
}

void VideoEncoder::flush(const PacketSink& sink) {
  if (int rc = avcodec_send_frame(ctx_.get(), nullptr); rc < 0 && rc != AVERROR_EOF)
    throw_media_error("cannot flush H.264 encoder for", file_, rc);
  drain(sink);
}

}  // namespace reelscale::media
