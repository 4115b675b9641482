#include "audio/audio_analyser.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <span>
#include <vector>

#include "audio/loudness_meter.hpp"
#include "audio/silence.hpp"
#include "media/audio_block_reader.hpp"
#include "reelscale/kernels/audio_bands.hpp"

namespace reelscale::audio {
namespace {

ChannelRole role_of(media::Speaker s) {
  switch (s) {
    case media::Speaker::front_left:
      return ChannelRole::left;
    case media::Speaker::front_right:
      return ChannelRole::right;
    case media::Speaker::front_centre:
      return ChannelRole::centre;
    case media::Speaker::surround_left:
      return ChannelRole::left_surround;
    case media::Speaker::surround_right:
      return ChannelRole::right_surround;
    case media::Speaker::other:
      break;
  }
  return ChannelRole::unused;  // LFE and heights are not weighted
}

std::vector<ChannelRole> roles_for(const std::vector<media::Speaker>& speakers) {
  std::vector<ChannelRole> roles;
  for (media::Speaker s : speakers) roles.push_back(role_of(s));
  // A layout without any weighted channel (e.g. unusual custom orders): weight them all as fronts.
  if (std::all_of(roles.begin(), roles.end(), [](ChannelRole r) { return r == ChannelRole::unused; }))
    for (std::size_t i = 0; i < roles.size(); ++i) roles[i] = i % 2 ? ChannelRole::right : ChannelRole::left;
  return roles;
}

media::AudioReaderOptions reader_options(const AudioOptions& o) {
  media::AudioReaderOptions r;
  r.sample_rate = o.sample_rate;
  r.gap_fill_s = o.gap_fill_s;
  r.max_gap_fill_s = o.max_gap_fill_s;
  return r;
}

/// The measures of one stream, fed block by block: loudness, band energies, then silences.
class Measures : public media::AudioBlockSink {
 public:
  Measures(const AudioOptions& opts, AudioAnalysis& result) : opts_(opts), result_(&result) {}
  std::function<void(std::span<const float>, double)> tap;

  void begin(const std::vector<media::Speaker>& speakers, double start_s) override {
    const int ch = int(speakers.size());
    meter = std::make_unique<LoudnessMeter>(ch, opts_.sample_rate, roles_for(speakers), opts_.series_rate_hz,
                                            opts_.true_peak);
    result_->channels = ch;
    if (opts_.band_hop_s > 0 && opts_.bands > 0) {
      band_hop_ = std::size_t(std::max(1.0, std::round(opts_.band_hop_s * opts_.sample_rate)));
      band_spec_.sample_rate = opts_.sample_rate;
      band_spec_.bands = opts_.bands;
      band_spec_.fft_size = opts_.sample_rate > 64000 ? 4096 : 2048;
      result_->band_hop_s = double(band_hop_) / opts_.sample_rate;
      result_->bands = opts_.bands;
      mono_.reserve(band_hop_);
    }
    result_->start_s = start_s;
  }
  void samples(const float* interleaved, std::size_t frames) override {
    meter->add(interleaved, frames);
    add_bands(interleaved, frames, std::size_t(meter->channels()));
  }
  void silence(std::size_t frames) override {
    meter->add_silence(frames);
    add_bands(nullptr, frames, std::size_t(std::max(1, result_->channels)));
  }
  void mono16k(std::span<const float> x, double t0_s) override {
    if (tap) tap(x, t0_s);
  }

  std::unique_ptr<LoudnessMeter> meter;

 private:
  /// Mono downmix into the short-time spectrum: one band_db row per full hop.
  void add_bands(const float* interleaved, std::size_t frames, std::size_t ch) {
    if (band_hop_ == 0 || ch == 0) return;
    for (std::size_t i = 0; i < frames; ++i) {
      float m = 0;
      if (interleaved) {
        for (std::size_t c = 0; c < ch; ++c) m += interleaved[i * ch + c];
        m /= float(ch);
      }
      mono_.push_back(m);
      if (mono_.size() == band_hop_) {
        const std::size_t row = result_->band_db.size();
        result_->band_db.resize(row + std::size_t(band_spec_.bands));
        kernels::band_log_energies(mono_.data(), mono_.size(), band_spec_, result_->band_db.data() + row);
        mono_.clear();
      }
    }
  }

  AudioOptions opts_;
  AudioAnalysis* result_;
  std::vector<float> mono_;   ///< mono downmix not yet turned into a band_db row
  std::size_t band_hop_ = 0;  ///< samples per band_db row (0: off)
  kernels::BandSpec band_spec_;
};

/// The series and silences of a finished meter.
void take_measures(LoudnessMeter& meter, const AudioOptions& opts, AudioAnalysis& r) {
  r.samples = meter.frames();
  r.loudness = meter.loudness();
  r.momentary_lufs = meter.take_momentary();
  r.short_term_lufs = meter.take_short_term();
  r.silences =
      find_silences(r.momentary_lufs, r.series_rate_hz, r.start_s, opts.silence_threshold_lufs, opts.silence_min_s);
}

AudioAnalysis empty_result(int stream, const AudioOptions& opts) {
  AudioAnalysis r;
  r.stream = stream;
  r.sample_rate = opts.sample_rate;
  r.series_rate_hz = opts.series_rate_hz;
  r.silence_threshold_lufs = opts.silence_threshold_lufs;
  return r;
}

}  // namespace

struct AudioAnalyser::Impl {
  std::string file;
  AudioOptions opts;
  AudioAnalysis result;
  Measures measures;
  std::unique_ptr<media::AudioBlockReader> reader;
  bool finished = false;
  Impl(std::string f, const AudioOptions& o, int stream)
      : file(std::move(f)), opts(o), result(empty_result(stream, o)), measures(o, result) {}
};

AudioAnalyser::AudioAnalyser(AVFormatContext* fmt, int stream, std::string file, double origin_s, AudioOptions opts)
    : impl_(std::make_unique<Impl>(file, opts, stream)) {
  impl_->reader = std::make_unique<media::AudioBlockReader>(fmt, stream, std::move(file), origin_s,
                                                            reader_options(opts), impl_->measures);
}

AudioAnalyser::~AudioAnalyser() = default;

int AudioAnalyser::stream() const { return impl_->result.stream; }

void AudioAnalyser::set_mono16k_tap(std::function<void(std::span<const float>, double)> tap) {
  impl_->measures.tap = std::move(tap);
  impl_->reader->enable_mono16k();
}

void AudioAnalyser::start_thread() { impl_->reader->start_thread(); }

double AudioAnalyser::thread_cpu_s() const { return impl_->reader->worker_cpu_s(); }

void AudioAnalyser::feed(const AVPacket& pkt) { impl_->reader->feed(pkt); }

void AudioAnalyser::read_all() { impl_->reader->read_all(); }

AudioAnalysis AudioAnalyser::finish() {
  Impl& m = *impl_;
  if (!m.finished) m.reader->finish();
  m.finished = true;
  AudioAnalysis r = std::move(m.result);
  r.decode_errors += m.reader->decode_errors();
  if (r.warning.empty()) r.warning = m.reader->warning();
  if (m.measures.meter) {
    take_measures(*m.measures.meter, m.opts, r);
  } else if (r.stream >= 0 && r.warning.empty()) {
    r.warning = "no audio could be decoded from stream " + std::to_string(r.stream) + " of '" + m.file + "'";
  }
  return r;
}

AudioAnalysis analyse_audio_file(const std::filesystem::path& file, const AudioOptions& opts) {
  AudioAnalysis result = empty_result(-1, opts);
  Measures measures(opts, result);
  std::int64_t errors = 0;
  std::string warning;
  const int as = media::read_audio_file(file, reader_options(opts), measures, &errors, &warning);
  if (as < 0) return {};
  result.stream = as;
  result.decode_errors += errors;
  if (result.warning.empty()) result.warning = warning;
  if (measures.meter) {
    take_measures(*measures.meter, opts, result);
  } else if (result.warning.empty()) {
    result.warning = "no audio could be decoded from stream " + std::to_string(as) + " of '" + file.string() + "'";
  }
  return result;
}

}  // namespace reelscale::audio
