#include "speech/pocketsphinx_recognizer.hpp"

#include <pocketsphinx.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace reelscale::speech {

std::filesystem::path pocketsphinx_model_dir() {
  if (const char* e = std::getenv("REELSCALE_POCKETSPHINX_MODEL"); e && *e) return e;
  return "/usr/share/pocketsphinx/model/en-us";
}

namespace {

struct ConfigDeleter {
  void operator()(cmd_ln_t* c) const { cmd_ln_free_r(c); }
};
struct DecoderDeleter {
  void operator()(ps_decoder_t* d) const { ps_free(d); }
};

/// "<s>", "</s>", "<sil>", "[NOISE]", "++..++" are not words; "word(2)" is "word".
std::string clean_word(const char* w) {
  std::string s = w ? w : "";
  if (s.empty() || s[0] == '<' || s[0] == '[' || s[0] == '+') return {};
  if (const auto p = s.find('('); p != std::string::npos) s.resize(p);
  return s;
}

}  // namespace

struct PocketsphinxRecognizer::Impl {
  std::unique_ptr<cmd_ln_t, ConfigDeleter> config;
  std::unique_ptr<ps_decoder_t, DecoderDeleter> decoder;
};

PocketsphinxRecognizer::PocketsphinxRecognizer(const std::filesystem::path& dir) : impl_(new Impl) {
  const auto hmm = dir / "en-us", lm = dir / "en-us.lm.bin", dict = dir / "cmudict-en-us.dict";
  for (const auto& p : {hmm, lm, dict})
    if (!std::filesystem::exists(p)) throw std::runtime_error("pocketsphinx model missing: " + p.string());
  impl_->config.reset(cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", hmm.c_str(), "-lm", lm.c_str(),
                                  "-dict", dict.c_str(), "-logfn", "/dev/null", "-bestpath", "yes",
                                  nullptr));
  if (!impl_->config) throw std::runtime_error("pocketsphinx: bad configuration for " + dir.string());
  impl_->decoder.reset(ps_init(impl_->config.get()));
  if (!impl_->decoder) throw std::runtime_error("pocketsphinx: cannot load the model in " + dir.string());
}

PocketsphinxRecognizer::~PocketsphinxRecognizer() = default;

Utterance PocketsphinxRecognizer::recognise(std::span<const std::int16_t> samples, double t0_s) {
  ps_decoder_t* ps = impl_->decoder.get();
  Utterance u;
  u.start_s = t0_s;
  u.end_s = t0_s + static_cast<double>(samples.size()) / 16000.0;
  if (ps_start_utt(ps) < 0) throw std::runtime_error("pocketsphinx: ps_start_utt failed");
  if (ps_process_raw(ps, samples.data(), samples.size(), FALSE, TRUE) < 0)
    throw std::runtime_error("pocketsphinx: ps_process_raw failed");
  if (ps_end_utt(ps) < 0) throw std::runtime_error("pocketsphinx: ps_end_utt failed");
  int32 score = 0;
  if (!ps_get_hyp(ps, &score)) return u;
  ps_get_prob(ps);  // computes the lattice posteriors used by ps_seg_prob
  const int frate = cmd_ln_int32_r(impl_->config.get(), "-frate");
  logmath_t* lmath = ps_get_logmath(ps);
  double conf_sum = 0;
  for (ps_seg_t* it = ps_seg_iter(ps); it; it = ps_seg_next(it)) {
    const std::string w = clean_word(ps_seg_word(it));
    if (w.empty()) continue;
    int sf = 0, ef = 0;
    ps_seg_frames(it, &sf, &ef);
    int32 ascr = 0, lscr = 0, lback = 0;
    const int32 post = ps_seg_prob(it, &ascr, &lscr, &lback);
    RecognisedWord rw{w, t0_s + static_cast<double>(sf) / frate, t0_s + static_cast<double>(ef + 1) / frate,
                      std::min(1.0, logmath_exp(lmath, post))};
    conf_sum += rw.confidence;
    if (!u.text.empty()) u.text += ' ';
    u.text += w;
    u.words.push_back(std::move(rw));
  }
  if (!u.words.empty()) u.confidence = conf_sum / static_cast<double>(u.words.size());
  return u;
}

std::unique_ptr<SpeechRecognizer> make_recognizer(const std::string& lang, std::string& why) {
  why.clear();
  if (lang == "en") {
    try {
      return std::make_unique<PocketsphinxRecognizer>();
    } catch (const std::exception& e) {
      why = std::string("unsupported: ") + e.what();
      return nullptr;
    }
  }
  if (lang == "ar") why = "unsupported: no offline Arabic model";
  else why = "unsupported: no offline model for language '" + lang + "'";
  return nullptr;
}

}  // namespace reelscale::speech
