#include "media/audio_reader.hpp"
#include "media/detail/libav.hpp"

#include <cmath>
#include <limits>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
}

namespace reelscale::media {

AudioReader::AudioReader(const AVStream* stream, std::string file)
    : stream_(stream), file_(std::move(file)), first_pts_s_(std::numeric_limits<double>::quiet_NaN()) {
  const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
  if (!codec) throw MediaError("no audio decoder for '" + file_ + "': " + av_error_string(AVERROR_DECODER_NOT_FOUND));
  dec_.reset(avcodec_alloc_context3(codec));
  if (!dec_) throw std::bad_alloc();
  if (int rc = avcodec_parameters_to_context(dec_.get(), stream->codecpar); rc < 0)
    throw_media_error("cannot configure the audio decoder for", file_, rc);
  dec_->pkt_timebase = stream->time_base;
  if (int rc = avcodec_open2(dec_.get(), codec, nullptr); rc < 0) throw_media_error("cannot open the audio decoder for", file_, rc);
}

AudioReader::~AudioReader() { swr_free(&swr_); }

void AudioReader::convert(const AVFrame* f, const StereoSink& sink) {
  const int ch = f ? f->ch_layout.nb_channels : swr_ch_;
  if (f && (!swr_ || f->sample_rate != swr_rate_ || f->format != swr_fmt_ || ch != swr_ch_)) {
    if (swr_) convert(nullptr, sink);  // drain the old resampler first
    swr_free(&swr_);
    AVChannelLayout in_layout{}, out_layout{};
    if (f->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC) av_channel_layout_default(&in_layout, ch);
    else av_channel_layout_copy(&in_layout, &f->ch_layout);
    av_channel_layout_default(&out_layout, 2);
    int rc = swr_alloc_set_opts2(&swr_, &out_layout, AV_SAMPLE_FMT_FLTP, kRate, &in_layout, AVSampleFormat(f->format),
                                 f->sample_rate, 0, nullptr);
    av_channel_layout_uninit(&in_layout);
    av_channel_layout_uninit(&out_layout);
    if (rc >= 0) rc = swr_init(swr_);
    if (rc < 0) throw_media_error("cannot set up audio resampling for", file_, rc);
    swr_rate_ = f->sample_rate, swr_fmt_ = f->format, swr_ch_ = ch;
  }
  if (!swr_) return;
  const int in_n = f ? f->nb_samples : 0;
  const int cap = swr_get_out_samples(swr_, in_n);
  if (cap <= 0) return;
  l_.resize(std::size_t(cap));
  r_.resize(std::size_t(cap));
  std::uint8_t* out[2] = {reinterpret_cast<std::uint8_t*>(l_.data()), reinterpret_cast<std::uint8_t*>(r_.data())};
  const int n = swr_convert(swr_, out, cap, f ? const_cast<const std::uint8_t**>(f->extended_data) : nullptr, in_n);
  if (n > 0) {
    emitted_ += n;
    sink(l_.data(), r_.data(), n);
  }
}

void AudioReader::fill_gap(const AVFrame& f, const StereoSink& sink) {
  if (f.best_effort_timestamp == AV_NOPTS_VALUE || std::isnan(first_pts_s_)) return;
  const double t = double(f.best_effort_timestamp) * av_q2d(stream_->time_base) - first_pts_s_;
  const std::int64_t pending = swr_ ? swr_get_delay(swr_, kRate) : 0;  // samples still inside the resampler
  std::int64_t gap = std::llround(t * kRate) - (emitted_ + pending);
  if (gap <= kRate / 100) return;
  const std::vector<float> zeros(std::size_t(std::min<std::int64_t>(gap, kRate)), 0.0f);
  gap_samples_ += gap;
  while (gap > 0) {
    const int n = int(std::min<std::int64_t>(gap, std::int64_t(zeros.size())));
    emitted_ += n;
    sink(zeros.data(), zeros.data(), n);
    gap -= n;
  }
}

void AudioReader::receive(const StereoSink& sink) {
  for (;;) {
    int rc = avcodec_receive_frame(dec_.get(), frame_.get());
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
    if (rc < 0) {
      ++errors_;
      return;
    }
    if (std::isnan(first_pts_s_) && frame_->best_effort_timestamp != AV_NOPTS_VALUE)
      first_pts_s_ = double(frame_->best_effort_timestamp) * av_q2d(stream_->time_base);
    fill_gap(*frame_, sink);
    convert(frame_.get(), sink);
    av_frame_unref(frame_.get());
  }
}

void AudioReader::feed(const AVPacket& pkt, const StereoSink& sink) {
  if (avcodec_send_packet(dec_.get(), &pkt) < 0) ++errors_;
  receive(sink);
}

void AudioReader::flush(const StereoSink& sink) {
  avcodec_send_packet(dec_.get(), nullptr);
  receive(sink);
  convert(nullptr, sink);
}

void AudioReader::read_all(AVFormatContext* fmt, const StereoSink& sink) {
  for (unsigned i = 0; i < fmt->nb_streams; ++i)
    fmt->streams[i]->discard = int(i) == stream_->index ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
  PacketPtr pkt = make_packet();
  while (av_read_frame(fmt, pkt.get()) >= 0) {
    if (pkt->stream_index == stream_->index) feed(*pkt, sink);
    av_packet_unref(pkt.get());
  }
  flush(sink);
}

}  // namespace reelscale::media
