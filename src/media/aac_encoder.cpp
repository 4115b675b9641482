#include "media/aac_encoder.hpp"
#include "media/detail/libav.hpp"

extern "C" {
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
}

namespace reelscale::media {

AacEncoder::AacEncoder(int bit_rate, bool global_header, std::string file, std::int64_t start_sample)
    : file_(std::move(file)), next_pts_(start_sample) {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
  if (!codec) throw MediaError("no AAC encoder in this FFmpeg for '" + file_ + "'");
  ctx_.reset(avcodec_alloc_context3(codec));
  if (!ctx_) throw std::bad_alloc();
  ctx_->sample_rate = 48000;
  ctx_->sample_fmt = AV_SAMPLE_FMT_FLTP;
  av_channel_layout_default(&ctx_->ch_layout, 2);
  ctx_->bit_rate = bit_rate;
  ctx_->time_base = {1, 48000};
  if (global_header) ctx_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  if (int rc = avcodec_open2(ctx_.get(), codec, nullptr); rc < 0) throw_media_error("cannot open the AAC encoder for", file_, rc);
  fifo_ = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, 2, 4 * ctx_->frame_size);
  if (!fifo_) throw std::bad_alloc();
}

AacEncoder::~AacEncoder() {
  if (fifo_) av_audio_fifo_free(fifo_);
}

void AacEncoder::drain(const PacketSink& sink) {
  for (;;) {
    int rc = avcodec_receive_packet(ctx_.get(), pkt_.get());
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
    if (rc < 0) throw_media_error("AAC encoding failed for", file_, rc);
    sink(pkt_.get());
    av_packet_unref(pkt_.get());
  }
}

void AacEncoder::send(int n, const PacketSink& sink) {
  av_frame_unref(frame_.get());
  frame_->nb_samples = n;
  frame_->format = AV_SAMPLE_FMT_FLTP;
  frame_->sample_rate = 48000;
  av_channel_layout_default(&frame_->ch_layout, 2);
  if (int rc = av_frame_get_buffer(frame_.get(), 0); rc < 0) throw_media_error("cannot allocate audio for", file_, rc);
  av_audio_fifo_read(fifo_, reinterpret_cast<void**>(frame_->data), n);
  frame_->pts = next_pts_;
  next_pts_ += n;
  if (int rc = avcodec_send_frame(ctx_.get(), frame_.get()); rc < 0) throw_media_error("AAC encoder rejected audio of", file_, rc);
  drain(sink);
}

void AacEncoder::push(const float* left, const float* right, int n, const PacketSink& sink) {
  const void* planes[2] = {left, right};
  if (av_audio_fifo_write(fifo_, const_cast<void**>(planes), n) < n) throw std::bad_alloc();
  while (av_audio_fifo_size(fifo_) >= ctx_->frame_size) send(ctx_->frame_size, sink);
}

void AacEncoder::flush(const PacketSink& sink) {
  if (int left = av_audio_fifo_size(fifo_); left > 0) send(left, sink);
  if (int rc = avcodec_send_frame(ctx_.get(), nullptr); rc < 0 && rc != AVERROR_EOF)
    throw_media_error("cannot flush the AAC encoder for", file_, rc);
  drain(sink);
}

}  // namespace reelscale::media
