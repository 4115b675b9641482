#include "audio/audio_analyser.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <span>
#include <vector>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libswresample/swresample.h>
}

#include "analysis/audio_analyser.hpp"
#include "audio/loudness_meter.hpp"
#include "audio/silence.hpp"
#include "media/media_file.hpp"
#include "media/probe.hpp"
#include "reelscale/kernels/audio_bands.hpp"

// Uses the AVChannelLayout API (FFmpeg >= 5.1, Debian 12's version and later).

namespace reelscale::audio {
namespace {

struct SwrDeleter {
  void operator()(SwrContext* p) const { swr_free(&p); }
};
using SwrPtr = std::unique_ptr<SwrContext, SwrDeleter>;

/// A float resampler from `f`'s format and layout `in` to `out` at `out_rate` Hz
/// (libswresample, its default matrix for downmixing). Null with *rc < 0 on failure.
SwrPtr make_resampler(AVChannelLayout& out, int out_rate, AVChannelLayout& in, const AVFrame* f, int* rc) {
  SwrContext* s = nullptr;
  *rc = swr_alloc_set_opts2(&s, &out, AV_SAMPLE_FMT_FLT, out_rate, &in, AVSampleFormat(f->format), f->sample_rate, 0,
                            nullptr);
  SwrPtr fresh(s);
  if (*rc >= 0) *rc = swr_init(fresh.get());
  if (*rc < 0) fresh.reset();
  return fresh;
}

/// Owns an AVChannelLayout (av_channel_layout_uninit on destruction).
struct Layout {
  AVChannelLayout l{};
  Layout() = default;
  Layout(const Layout&) = delete;
  Layout& operator=(const Layout&) = delete;
  ~Layout() { av_channel_layout_uninit(&l); }
  /// Copies `src`, or the native default for its channel count when its order is unspecified.
  void set(const AVChannelLayout& src) {
    av_channel_layout_uninit(&l);
    if (src.order == AV_CHANNEL_ORDER_UNSPEC || av_channel_layout_check(&src) == 0) {
      av_channel_layout_default(&l, std::max(1, src.nb_channels));
    } else if (av_channel_layout_copy(&l, &src) < 0) {
      av_channel_layout_default(&l, std::max(1, src.nb_channels));
    }
  }
};

std::vector<ChannelRole> roles_for(const AVChannelLayout& l) {
  std::vector<ChannelRole> roles;
  for (int i = 0; i < l.nb_channels; ++i) {
    switch (av_channel_layout_channel_from_index(&l, unsigned(i))) {
      case AV_CHAN_FRONT_LEFT:
        roles.push_back(ChannelRole::left);
        break;
      case AV_CHAN_FRONT_RIGHT:
        roles.push_back(ChannelRole::right);
        break;
      case AV_CHAN_FRONT_CENTER:
        roles.push_back(ChannelRole::centre);
        break;
      case AV_CHAN_SIDE_LEFT:
      case AV_CHAN_BACK_LEFT:
        roles.push_back(ChannelRole::left_surround);
        break;
      case AV_CHAN_SIDE_RIGHT:
      case AV_CHAN_BACK_RIGHT:
        roles.push_back(ChannelRole::right_surround);
        break;
      default:
        roles.push_back(ChannelRole::unused);
        break;  // LFE and heights are not weighted
    }
  }
  // A layout without any weighted channel (e.g. unusual custom orders): weight them all as fronts.
  if (std::all_of(roles.begin(), roles.end(), [](ChannelRole r) { return r == ChannelRole::unused; }))
    for (std::size_t i = 0; i < roles.size(); ++i) roles[i] = i % 2 ? ChannelRole::right : ChannelRole::left;
  return roles;
}

}  // namespace

double stream_start_seconds(const AVFormatContext* fmt, int index) {
  if (index < 0 || unsigned(index) >= fmt->nb_streams) return 0;
  const AVStream* st = fmt->streams[index];
  return st->start_time != AV_NOPTS_VALUE ? double(st->start_time) * av_q2d(st->time_base) : 0.0;
}

int best_audio_stream(AVFormatContext* fmt, int related_video) {
  const int rc = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, related_video, nullptr, 0);
  return rc >= 0 ? rc : -1;
}

struct AudioAnalyser::Impl {
  AVFormatContext* fmt;
  int stream;
  std::string file;
  double origin_s;
  AudioOptions opts;
  AudioAnalysis result;
  media::CodecContextPtr codec;
  media::FramePtr frame = media::make_frame();
  SwrPtr swr;
  int in_rate = 0, in_format = -1;
  Layout in_layout, out_layout;
  std::unique_ptr<LoudnessMeter> meter;
  std::vector<float> buf;
  std::vector<float> mono;   ///< mono downmix not yet turned into a band_db row
  std::size_t band_hop = 0;  ///< samples per band_db row (0: off)
  kernels::BandSpec band_spec;
  bool disabled = false;
  bool finished = false;
  // 16 kHz mono feed of the plug-in audio analysers (set_mono16k_tap); off when empty.
  std::function<void(std::span<const float>, double)> tap;
  SwrPtr tap_swr;
  std::vector<float> tap_buf;
  std::int64_t tap_samples = 0;  ///< samples handed to the tap so far
  double tap_gap_s = 0;          ///< seconds of gaps skipped (not filled) in the tap's timeline

  void warn(const std::string& what, int rc = 0) {
    if (result.warning.empty())
      result.warning = what + " (audio stream " + std::to_string(stream) + " of '" + file + "')" +
                       (rc ? ": " + media::av_error_string(rc) : std::string());
  }
  void error(const std::string& what, int rc) {
    ++result.decode_errors;
    warn(what, rc);
  }

  void open() {
    if (stream < 0 || unsigned(stream) >= fmt->nb_streams) {
      disabled = true;
      return;
    }
    AVStream* st = fmt->streams[stream];
    const AVCodec* dec = avcodec_find_decoder(st->codecpar->codec_id);
    if (!dec) {
      const char* name = avcodec_get_name(st->codecpar->codec_id);
      warn(std::string("no decoder for audio codec '") + (name ? name : "unknown") + "'", AVERROR_DECODER_NOT_FOUND);
      disabled = true;
      return;
    }
    codec.reset(avcodec_alloc_context3(dec));
    if (!codec) throw std::bad_alloc();
    if (int rc = avcodec_parameters_to_context(codec.get(), st->codecpar); rc < 0) {
      warn("cannot configure the audio decoder", rc);
      disabled = true;
      return;
    }
    codec->pkt_timebase = st->time_base;
    if (int rc = avcodec_open2(codec.get(), dec, nullptr); rc < 0) {
      warn(std::string("cannot open audio decoder '") + dec->name + "'", rc);
      disabled = true;
    }
  }

  /// Converts what the resampler holds (or `f`) and measures it.
  void convert(const AVFrame* f) {
    const int in_n = f ? f->nb_samples : 0;
    int cap = swr_get_out_samples(swr.get(), in_n);
    if (cap <= 0) return;
    const std::size_t ch = std::size_t(out_layout.l.nb_channels);
    if (buf.size() < std::size_t(cap) * ch) buf.resize(std::size_t(cap) * ch);
    auto* out = reinterpret_cast<std::uint8_t*>(buf.data());
    const int got =
        swr_convert(swr.get(), &out, cap, f ? const_cast<const std::uint8_t**>(f->extended_data) : nullptr, in_n);
    if (got < 0) {
      error("resampling failed", got);
      return;
    }
    if (got > 0) {
      meter->add(buf.data(), std::size_t(got));
      add_bands(buf.data(), std::size_t(got), ch);
    }
  }

  /// Converts `f` (nullptr: what the tap resampler holds) to mono 16 kHz and hands it to the tap.
  void tap_convert(const AVFrame* f) {
    if (!tap || !tap_swr) return;
    const int in_n = f ? f->nb_samples : 0;
    const int cap = swr_get_out_samples(tap_swr.get(), in_n);
    if (cap <= 0) return;
    if (tap_buf.size() < std::size_t(cap)) tap_buf.resize(std::size_t(cap));
    auto* out = reinterpret_cast<std::uint8_t*>(tap_buf.data());
    const int got =
        swr_convert(tap_swr.get(), &out, cap, f ? const_cast<const std::uint8_t**>(f->extended_data) : nullptr, in_n);
    if (got <= 0) return;
    const double t0 = result.start_s + tap_gap_s + double(tap_samples) / analysis::kAnalysisSampleRate;
    tap_samples += got;
    tap(std::span<const float>(tap_buf.data(), std::size_t(got)), t0);
  }

  void drain_tap() {
    for (int guard = 0; guard < 64 && tap && tap_swr; ++guard) {
      const std::int64_t before = tap_samples;
      tap_convert(nullptr);
      if (tap_samples == before) break;
    }
  }

  /// Rebuilds the tap resampler for the input format of `f` (swresample's default downmix).
  void rebuild_tap(const AVFrame* f, AVChannelLayout& in) {
    if (!tap) return;
    drain_tap();
    AVChannelLayout mono_layout = AV_CHANNEL_LAYOUT_MONO;
    int rc = 0;
    tap_swr = make_resampler(mono_layout, analysis::kAnalysisSampleRate, in, f, &rc);
    if (rc < 0) warn("cannot set up the 16 kHz resampler of the audio analysers", rc);
  }

  /// Mono downmix into the short-time spectrum: one band_db row per full hop.
  void add_bands(const float* interleaved, std::size_t frames, std::size_t ch) {
    if (band_hop == 0 || ch == 0) return;
    for (std::size_t i = 0; i < frames; ++i) {
      float m = 0;
      if (interleaved) {
        for (std::size_t c = 0; c < ch; ++c) m += interleaved[i * ch + c];
        m /= float(ch);
      }
      mono.push_back(m);
      if (mono.size() == band_hop) {
        const std::size_t row = result.band_db.size();
        result.band_db.resize(row + std::size_t(band_spec.bands));
        kernels::band_log_energies(mono.data(), mono.size(), band_spec, result.band_db.data() + row);
        mono.clear();
      }
    }
  }

  void drain_resampler() {
    if (!swr) return;
    for (int guard = 0; guard < 64; ++guard) {
      const std::int64_t before = meter->frames();
      convert(nullptr);
      if (meter->frames() == before) break;
    }
  }

  bool same_input(const AVFrame* f) const {
    return swr && f->format == in_format && f->sample_rate == in_rate &&
           av_channel_layout_compare(&f->ch_layout, &in_layout.l) == 0;
  }

  void process(AVFrame* f) {
    if (f->nb_samples <= 0 || f->sample_rate <= 0 || f->ch_layout.nb_channels <= 0) return;
    const std::int64_t ts = f->best_effort_timestamp;
    const double t = ts != AV_NOPTS_VALUE ? double(ts) * av_q2d(fmt->streams[stream]->time_base) - origin_s
                                          : std::numeric_limits<double>::quiet_NaN();
    if (!meter) {
      out_layout.set(f->ch_layout);
      const int ch = out_layout.l.nb_channels;
      meter = std::make_unique<LoudnessMeter>(ch, opts.sample_rate, roles_for(out_layout.l), opts.series_rate_hz,
                                              opts.true_peak);
      result.channels = ch;
      if (opts.band_hop_s > 0 && opts.bands > 0) {
        band_hop = std::size_t(std::max(1.0, std::round(opts.band_hop_s * opts.sample_rate)));
        band_spec.sample_rate = opts.sample_rate;
        band_spec.bands = opts.bands;
        band_spec.fft_size = opts.sample_rate > 64000 ? 4096 : 2048;
        result.band_hop_s = double(band_hop) / opts.sample_rate;
        result.bands = opts.bands;
        mono.reserve(band_hop);
      }
      result.start_s = std::isfinite(t) ? t : stream_start_seconds(fmt, stream) - origin_s;
    } else if (std::isfinite(t)) {
      // Keep the series on the asset's timeline when packets were lost.
      const double expected = result.start_s + double(meter->frames()) / opts.sample_rate;
      const double gap = t - expected;
      if (gap > opts.gap_fill_s && gap < opts.max_gap_fill_s) {
        drain_resampler();
        drain_tap();
        tap_gap_s += gap;
        const auto fill = std::size_t(std::llround(gap * opts.sample_rate));
        meter->add_silence(fill);
        add_bands(nullptr, fill, std::size_t(std::max(1, result.channels)));
      }
    }
    if (!same_input(f)) {
      drain_resampler();
      Layout in;
      in.set(f->ch_layout);
      int rc = 0;
      swr = make_resampler(out_layout.l, opts.sample_rate, in.l, f, &rc);
      if (rc < 0) {
        error("cannot set up the resampler", rc);
        return;
      }
      rebuild_tap(f, in.l);
      in_format = f->format;
      in_rate = f->sample_rate;
      // Compare against the frame's own layout next time (unspecified orders stay unspecified).
      av_channel_layout_uninit(&in_layout.l);
      if (av_channel_layout_copy(&in_layout.l, &f->ch_layout) < 0) in_layout.set(f->ch_layout);
    }
    convert(f);
    tap_convert(f);
  }

  void receive_all() {
    for (;;) {
      const int rc = avcodec_receive_frame(codec.get(), frame.get());
      if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
      if (rc < 0) {
        error("audio decode error", rc);
        return;
      }
      if (frame->decode_error_flags || (frame->flags & AV_FRAME_FLAG_CORRUPT)) ++result.decode_errors;
      process(frame.get());
      av_frame_unref(frame.get());
    }
  }

  void feed(const AVPacket* p) {
    if (disabled || finished) return;
    try {
      const int rc = avcodec_send_packet(codec.get(), p);
      if (rc < 0 && rc != AVERROR(EAGAIN) && rc != AVERROR_EOF) error("audio decoder rejected a packet", rc);
      receive_all();
    } catch (const std::exception& e) {
      warn(std::string("audio analysis stopped: ") + e.what());
      disabled = true;
    }
  }
};

AudioAnalyser::AudioAnalyser(AVFormatContext* fmt, int stream, std::string file, double origin_s, AudioOptions opts)
    : impl_(std::make_unique<Impl>()) {
  impl_->fmt = fmt;
  impl_->stream = stream;
  impl_->file = std::move(file);
  impl_->origin_s = origin_s;
  impl_->opts = opts;
  impl_->result.stream = stream;
  impl_->result.sample_rate = opts.sample_rate;
  impl_->result.series_rate_hz = opts.series_rate_hz;
  impl_->result.silence_threshold_lufs = opts.silence_threshold_lufs;
  try {
    impl_->open();
  } catch (const std::exception& e) {
    impl_->warn(std::string("audio analysis disabled: ") + e.what());
    impl_->disabled = true;
  }
  // Make sure the reader delivers this stream's packets.
  if (stream >= 0 && unsigned(stream) < fmt->nb_streams) fmt->streams[stream]->discard = AVDISCARD_DEFAULT;
}

AudioAnalyser::~AudioAnalyser() = default;

int AudioAnalyser::stream() const { return impl_->stream; }

void AudioAnalyser::set_mono16k_tap(std::function<void(std::span<const float>, double)> tap) {
  impl_->tap = std::move(tap);
}

void AudioAnalyser::feed(const AVPacket& pkt) {
  if (pkt.stream_index != impl_->stream) return;
  impl_->feed(&pkt);
}

void AudioAnalyser::read_all() {
  Impl& m = *impl_;
  if (m.disabled) return;
  media::PacketPtr pkt = media::make_packet();
  for (;;) {
    const int rc = av_read_frame(m.fmt, pkt.get());
    if (rc < 0) {
      if (rc != AVERROR_EOF) m.error("read error", rc);
      return;
    }
    if (pkt->stream_index == m.stream) m.feed(pkt.get());
    av_packet_unref(pkt.get());
  }
}

AudioAnalysis AudioAnalyser::finish() {
  Impl& m = *impl_;
  if (!m.finished && !m.disabled) {
    m.feed(nullptr);  // drain the decoder
    try {
      if (m.meter) m.drain_resampler();
      m.drain_tap();
    } catch (const std::exception& e) {
      m.warn(std::string("audio analysis stopped: ") + e.what());
    }
  }
  m.finished = true;
  AudioAnalysis r = std::move(m.result);
  if (m.meter) {
    r.samples = m.meter->frames();
    r.loudness = m.meter->loudness();
    r.momentary_lufs = m.meter->take_momentary();
    r.short_term_lufs = m.meter->take_short_term();
    r.silences = find_silences(r.momentary_lufs, r.series_rate_hz, r.start_s, m.opts.silence_threshold_lufs,
                               m.opts.silence_min_s);
  } else if (r.stream >= 0 && r.warning.empty()) {
    r.warning = "no audio could be decoded from stream " + std::to_string(r.stream) + " of '" + m.file + "'";
  }
  return r;
}

AudioAnalysis analyse_audio_file(const std::filesystem::path& file, const AudioOptions& opts) {
  media::FormatContextPtr fmt = media::open_media(file);
  const int vs = media::best_video_stream(fmt.get());
  const int as = best_audio_stream(fmt.get(), vs >= 0 ? vs : -1);
  if (as < 0) return {};
  for (unsigned i = 0; i < fmt->nb_streams; ++i)
    fmt->streams[i]->discard = int(i) == as ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
  const double origin = stream_start_seconds(fmt.get(), vs >= 0 ? vs : as);
  AudioAnalyser a(fmt.get(), as, file.string(), origin, opts);
  a.read_all();
  return a.finish();
}

}  // namespace reelscale::audio
