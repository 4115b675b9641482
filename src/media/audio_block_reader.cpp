#include "media/audio_block_reader.hpp"
#include "media/detail/libav.hpp"

#include <time.h>
#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libswresample/swresample.h>
}

#include "media/bounded_queue.hpp"
#include "media/ffmpeg_ptr.hpp"
#include "media/media_file.hpp"
#include "media/probe.hpp"

// Uses the AVChannelLayout API (FFmpeg >= 5.1, Debian 12's version and later).

namespace reelscale::media {
namespace {

constexpr int kMono16k = 16000;  // analysis::kAnalysisSampleRate

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

std::vector<Speaker> speakers_of(const AVChannelLayout& l) {
  std::vector<Speaker> s;
  for (int i = 0; i < l.nb_channels; ++i) {
    switch (av_channel_layout_channel_from_index(&l, unsigned(i))) {
      case AV_CHAN_FRONT_LEFT:
        s.push_back(Speaker::front_left);
        break;
      case AV_CHAN_FRONT_RIGHT:
        s.push_back(Speaker::front_right);
        break;
      case AV_CHAN_FRONT_CENTER:
        s.push_back(Speaker::front_centre);
        break;
      case AV_CHAN_SIDE_LEFT:
      case AV_CHAN_BACK_LEFT:
        s.push_back(Speaker::surround_left);
        break;
      case AV_CHAN_SIDE_RIGHT:
      case AV_CHAN_BACK_RIGHT:
        s.push_back(Speaker::surround_right);
        break;
      default:
        s.push_back(Speaker::other);
        break;
    }
  }
  return s;
}

}  // namespace

struct AudioBlockReader::Impl {
  AVFormatContext* fmt;
  int stream;
  std::string file;
  double origin_s;
  AudioReaderOptions opts;
  AudioBlockSink* sink;
  std::string warning;
  std::int64_t decode_errors = 0;
  CodecContextPtr codec;
  FramePtr frame = make_frame();
  SwrPtr swr;
  int in_rate = 0, in_format = -1;
  Layout in_layout, out_layout;
  bool began = false;
  double start_s = 0;
  std::int64_t delivered = 0;  ///< sample frames handed to the sink (samples + silence)
  std::vector<float> buf;
  SwrPtr tap_swr;
  std::vector<float> tap_buf;
  std::int64_t tap_samples = 0;  ///< mono 16 kHz samples delivered so far
  double tap_gap_s = 0;          ///< seconds of gaps skipped in the mono timeline
  bool disabled = false;
  bool finished = false;
  // Worker thread (start_thread): packet references in, decoded on the worker.
  std::unique_ptr<BoundedQueue<PacketPtr>> queue;
  std::thread worker;
  double worker_cpu_s = 0;

  void warn(const std::string& what, int rc = 0) {
    if (warning.empty())
      warning = what + " (audio stream " + std::to_string(stream) + " of '" + file + "')" +
                (rc ? ": " + av_error_string(rc) : std::string());
  }
  void error(const std::string& what, int rc) {
    ++decode_errors;
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

  /// Converts what the resampler holds (f == nullptr) or `f` and delivers it.
  void convert(const AVFrame* f) {
    const int in_n = f ? f->nb_samples : 0;
    const int cap = swr_get_out_samples(swr.get(), in_n);
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
      delivered += got;
      sink->samples(buf.data(), std::size_t(got));
    }
  }

  /// Converts `f` (nullptr: what the mono resampler holds) to mono 16 kHz and delivers it.
  void tap_convert(const AVFrame* f) {
    if (!opts.mono16k || !tap_swr) return;
    const int in_n = f ? f->nb_samples : 0;
    const int cap = swr_get_out_samples(tap_swr.get(), in_n);
    if (cap <= 0) return;
    if (tap_buf.size() < std::size_t(cap)) tap_buf.resize(std::size_t(cap));
    auto* out = reinterpret_cast<std::uint8_t*>(tap_buf.data());
    const int got =
        swr_convert(tap_swr.get(), &out, cap, f ? const_cast<const std::uint8_t**>(f->extended_data) : nullptr, in_n);
    if (got <= 0) return;
    const double t0 = start_s + tap_gap_s + double(tap_samples) / kMono16k;
    tap_samples += got;
    sink->mono16k(std::span<const float>(tap_buf.data(), std::size_t(got)), t0);
  }

  void drain_tap() {
    for (int guard = 0; guard < 64 && tap_swr; ++guard) {
      const std::int64_t before = tap_samples;
      tap_convert(nullptr);
      if (tap_samples == before) break;
    }
  }

  void drain_resampler() {
    if (!swr) return;
    for (int guard = 0; guard < 64; ++guard) {
      const std::int64_t before = delivered;
      convert(nullptr);
      if (delivered == before) break;
    }
  }

  /// Rebuilds the mono resampler for the input format of `f` (swresample's default downmix).
  void rebuild_tap(const AVFrame* f, AVChannelLayout& in) {
    if (!opts.mono16k) return;
    drain_tap();
    AVChannelLayout mono_layout = AV_CHANNEL_LAYOUT_MONO;
    int rc = 0;
    tap_swr = make_resampler(mono_layout, kMono16k, in, f, &rc);
    if (rc < 0) warn("cannot set up the 16 kHz resampler of the audio analysers", rc);
  }

  bool same_input(const AVFrame* f) const {
    return swr && f->format == in_format && f->sample_rate == in_rate &&
           av_channel_layout_compare(&f->ch_layout, &in_layout.l) == 0;
  }

  /// First frame: the output layout and the start; later: silence over timestamp gaps.
  void place(const AVFrame* f) {
    const std::int64_t ts = f->best_effort_timestamp;
    const double t = ts != AV_NOPTS_VALUE ? double(ts) * av_q2d(fmt->streams[stream]->time_base) - origin_s
                                          : std::numeric_limits<double>::quiet_NaN();
    if (!began) {
      out_layout.set(f->ch_layout);
      start_s = std::isfinite(t) ? t : stream_start_seconds(fmt, stream) - origin_s;
      began = true;
      sink->begin(speakers_of(out_layout.l), start_s);
      return;
    }
    if (!std::isfinite(t)) return;
    // Keep the blocks on the asset's timeline when packets were lost.
    const double gap = t - (start_s + double(delivered) / opts.sample_rate);
    if (gap > opts.gap_fill_s && gap < opts.max_gap_fill_s) {
      drain_resampler();
      drain_tap();
      tap_gap_s += gap;
      const auto fill = std::size_t(std::llround(gap * opts.sample_rate));
      delivered += std::int64_t(fill);
      sink->silence(fill);
    }
  }

  void process(AVFrame* f) {
    if (f->nb_samples <= 0 || f->sample_rate <= 0 || f->ch_layout.nb_channels <= 0) return;
    place(f);
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
      if (frame->decode_error_flags || (frame->flags & AV_FRAME_FLAG_CORRUPT)) ++decode_errors;
      process(frame.get());
      av_frame_unref(frame.get());
    }
  }

  /// Decodes one packet (nullptr: drain). Stops the reader on any exception.
  void decode(const AVPacket* p) {
    if (disabled) return;
    try {
      const int rc = avcodec_send_packet(codec.get(), p);
      if (rc < 0 && rc != AVERROR(EAGAIN) && rc != AVERROR_EOF) error("audio decoder rejected a packet", rc);
      receive_all();
    } catch (const std::exception& e) {
      warn(std::string("audio analysis stopped: ") + e.what());
      disabled = true;
    }
  }

  /// End of input: drain decoder and resamplers.
  void drain_all() {
    if (disabled) return;
    decode(nullptr);
    try {
      if (began) drain_resampler();
      drain_tap();
    } catch (const std::exception& e) {
      warn(std::string("audio analysis stopped: ") + e.what());
    }
  }
};

AudioBlockReader::AudioBlockReader(AVFormatContext* fmt, int stream, std::string file, double origin_s,
                                   AudioReaderOptions opts, AudioBlockSink& sink)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.fmt = fmt;
  m.stream = stream;
  m.file = std::move(file);
  m.origin_s = origin_s;
  m.opts = opts;
  m.sink = &sink;
  try {
    m.open();
  } catch (const std::exception& e) {
    m.warn(std::string("audio analysis disabled: ") + e.what());
    m.disabled = true;
  }
  // Make sure the demuxer delivers this stream's packets.
  if (stream >= 0 && unsigned(stream) < fmt->nb_streams) fmt->streams[stream]->discard = AVDISCARD_DEFAULT;
}

AudioBlockReader::~AudioBlockReader() {
  Impl& m = *impl_;
  if (m.worker.joinable()) {
    m.queue->close();
    m.worker.join();
  }
}

void AudioBlockReader::enable_mono16k() { impl_->opts.mono16k = true; }

void AudioBlockReader::start_thread() {
  Impl& m = *impl_;
  if (m.worker.joinable() || m.disabled || m.finished) return;
  m.queue = std::make_unique<BoundedQueue<PacketPtr>>(512);
  m.worker = std::thread([&m] {
    while (auto p = m.queue->pop()) m.decode(p->get());
    m.drain_all();  // end of input, still on the worker
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    m.worker_cpu_s = double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
  });
}

void AudioBlockReader::feed(const AVPacket& pkt) {
  Impl& m = *impl_;
  if (pkt.stream_index != m.stream || m.disabled || m.finished) return;
  if (!m.worker.joinable()) {
    m.decode(&pkt);
    return;
  }
  PacketPtr ref = make_packet();
  if (av_packet_ref(ref.get(), &pkt) < 0) return;  // out of memory: this packet is lost
  m.queue->push(std::move(ref));
}

void AudioBlockReader::read_all() {
  Impl& m = *impl_;
  if (m.disabled) return;
  PacketPtr pkt = make_packet();
  for (;;) {
    const int rc = av_read_frame(m.fmt, pkt.get());
    if (rc < 0) {
      if (rc != AVERROR_EOF) m.error("read error", rc);
      return;
    }
    feed(*pkt);
    av_packet_unref(pkt.get());
  }
}

void AudioBlockReader::finish() {
  Impl& m = *impl_;
  if (m.finished) return;
  if (m.worker.joinable()) {
    m.queue->close();
    m.worker.join();  // the worker drained decoder and resamplers
  } else {
    m.drain_all();
  }
  m.finished = true;
}

int AudioBlockReader::stream() const { return impl_->stream; }
std::int64_t AudioBlockReader::decode_errors() const { return impl_->decode_errors; }
const std::string& AudioBlockReader::warning() const { return impl_->warning; }
bool AudioBlockReader::began() const { return impl_->began; }
double AudioBlockReader::worker_cpu_s() const { return impl_->worker_cpu_s; }

double stream_start_seconds(const AVFormatContext* fmt, int index) {
  if (index < 0 || unsigned(index) >= fmt->nb_streams) return 0;
  const AVStream* st = fmt->streams[index];
  return st->start_time != AV_NOPTS_VALUE ? double(st->start_time) * av_q2d(st->time_base) : 0.0;
}

int best_audio_stream(AVFormatContext* fmt, int related_video) {
  const int rc = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, related_video, nullptr, 0);
  return rc >= 0 ? rc : -1;
}

int read_audio_file(const std::filesystem::path& file, AudioReaderOptions opts, AudioBlockSink& sink,
                    std::int64_t* errors, std::string* warning) {
  FormatContextPtr fmt = open_media(file);
  const int vs = best_video_stream(fmt.get());
  const int as = best_audio_stream(fmt.get(), vs >= 0 ? vs : -1);
  if (as < 0) return -1;
  for (unsigned i = 0; i < fmt->nb_streams; ++i)
    fmt->streams[i]->discard = int(i) == as ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
  AudioBlockReader r(fmt.get(), as, file.string(), stream_start_seconds(fmt.get(), vs >= 0 ? vs : as), opts, sink);
  r.read_all();
  r.finish();
  if (errors) *errors = r.decode_errors();
  if (warning) *warning = r.warning();
  return as;
}

}  // namespace reelscale::media
