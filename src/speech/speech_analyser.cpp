#include "speech/speech_analyser.hpp"

#include <algorithm>
#include <cmath>

#include "speech/transcript_webvtt.hpp"

namespace reelscale::speech {

SpeechAnalyser::SpeechAnalyser(SpeechOptions opt, std::unique_ptr<SpeechRecognizer> recognizer, std::string why)
    : opt_(std::move(opt)), rec_(std::move(recognizer)), why_(std::move(why)) {}

void SpeechAnalyser::consume(std::span<const float> x, double t0_s) {
  if (!stream_ || std::abs(t0_s - next_t_) > 0.05) {
    if (stream_) {  // a gap: close what is open, label the gap silence, restart on the grid
      on_steps(stream_->flush());
      if (run_start_ >= 0) decode(run_start_, next_t_);
      run_start_ = -1;
      while (labels_t0_ + 0.1 * static_cast<double>(labels_.size()) + 0.1 <= t0_s)
        labels_.push_back(AudioKind::silence);
    } else {
      labels_t0_ = t0_s;
    }
    stream_ = std::make_unique<FeatureStream>(labels_t0_ + 0.1 * static_cast<double>(labels_.size()));
    buf_.clear();
    buf_t0_ = t0_s;
  }
  next_t_ = t0_s + static_cast<double>(x.size()) / analysis::kAnalysisSampleRate;
  if (rec_)
    for (float v : x) buf_.push_back(static_cast<std::int16_t>(std::lround(std::clamp(v, -1.0f, 1.0f) * 32767.0f)));
  on_steps(stream_->push(x));
}

void SpeechAnalyser::on_steps(const std::vector<StepFeatures>& steps) {
  for (const auto& s : steps) {
    const AudioKind k = classify(s, opt_.segmenter);
    labels_.push_back(k);
    if (rec_) on_label(s.t_s, k);
  }
}

void SpeechAnalyser::on_label(double t, AudioKind k) {
  if (k == AudioKind::speech) {
    if (run_start_ < 0) run_start_ = std::max(buf_t0_, t - opt_.pad_s);
    non_speech_ = 0;
  } else if (run_start_ >= 0 && ++non_speech_ * 0.1 >= opt_.pad_s) {
    decode(run_start_, t + 0.1);
    run_start_ = -1;
  }
  if (run_start_ >= 0 && t + 0.1 - run_start_ >= opt_.max_utterance_s) {
    decode(run_start_, t + 0.1);
    run_start_ = t + 0.1;
  }
  drop_before(run_start_ >= 0 ? run_start_ : t - opt_.pad_s);
}

void SpeechAnalyser::decode(double from_s, double to_s) {
  const auto sr = static_cast<double>(analysis::kAnalysisSampleRate);
  const auto a = static_cast<std::size_t>(std::clamp((from_s - buf_t0_) * sr, 0.0, static_cast<double>(buf_.size())));
  const auto b = static_cast<std::size_t>(std::clamp((to_s - buf_t0_) * sr, 0.0, static_cast<double>(buf_.size())));
  if (b <= a + 1600) return;  // under 0.1 s: nothing to decode
  Utterance u = rec_->recognise(std::span<const std::int16_t>(buf_.data() + a, b - a), buf_t0_ + a / sr);
  if (!u.text.empty()) utterances_.push_back(std::move(u));
}

void SpeechAnalyser::drop_before(double t_s) {
  const auto n = static_cast<std::ptrdiff_t>((t_s - buf_t0_) * analysis::kAnalysisSampleRate);
  if (n < analysis::kAnalysisSampleRate) return;  // compact in steps of at least 1 s
  const auto k = std::min<std::ptrdiff_t>(n, static_cast<std::ptrdiff_t>(buf_.size()));
  buf_.erase(buf_.begin(), buf_.begin() + k);
  buf_t0_ += static_cast<double>(k) / analysis::kAnalysisSampleRate;
}

analysis::AnalysisResult SpeechAnalyser::finish(const AssetRecord&) {
  analysis::AnalysisResult r;
  if (stream_) on_steps(stream_->flush());
  if (rec_ && run_start_ >= 0) decode(run_start_, next_t_);
  run_start_ = -1;
  segments_ = smooth_segments(labels_, labels_t0_, opt_.segmenter);
  if (!segments_.empty() && stream_) segments_.back().end_s = std::min(segments_.back().end_s, next_t_);
  record::Table seg{kSegmentsTable, {}};
  std::vector<double> st, en;
  std::vector<std::string> kind;
  nlohmann::json js = nlohmann::json::array();
  for (const auto& s : segments_) {
    st.push_back(s.start_s), en.push_back(s.end_s), kind.push_back(to_string(s.kind));
    js.push_back({{"start_s", s.start_s}, {"end_s", s.end_s}, {"kind", kind.back()}});
  }
  seg.columns = {{"start_s", "s", 1, st}, {"end_s", "s", 1, en}, {"kind", "", 1, kind}};
  r.tables.push_back(std::move(seg));
  r.sidecar = {{"method", "Scheirer-Slaney 1997 features, logistic regression, 10 Hz"}, {"segments", js}};
  if (!opt_.transcribe.empty()) {
    r.sidecar["transcript_language"] = opt_.transcribe;
    r.sidecar["transcript_status"] = rec_ ? "ok" : why_;
  }
  if (rec_) {
    r.sidecar["transcript_engine"] = rec_->engine();
    r.sidecar["transcript"] = transcript_json(utterances_);
    record::Table tr{kTranscriptTable, {}};
    std::vector<double> ts, te, tc;
    std::vector<std::string> tt;
    for (const auto& u : utterances_) ts.push_back(u.start_s), te.push_back(u.end_s), tt.push_back(u.text), tc.push_back(u.confidence);
    tr.columns = {{"start_s", "s", 1, ts}, {"end_s", "s", 1, te}, {"text", "", 1, tt}, {"confidence", "", 1, tc}};
    r.tables.push_back(std::move(tr));
  }
  return r;
}

analysis::AudioAnalyserFactory speech_analyser_factory(SpeechOptions opt) {
  return [opt]() -> std::unique_ptr<analysis::AudioAnalyser> {
    std::string why;
    std::unique_ptr<SpeechRecognizer> rec;
    if (!opt.transcribe.empty()) rec = make_recognizer(opt.transcribe, why);
    return std::make_unique<SpeechAnalyser>(opt, std::move(rec), why);
  };
}

}  // namespace reelscale::speech
