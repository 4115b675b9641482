#pragma once
/// @file pocketsphinx_recognizer.hpp
/// SpeechRecognizer over CMU pocketsphinx (Debian 12: 0.8+5prealpha, sphinxbase API:
/// cmd_ln_init / ps_init / ps_process_raw / ps_seg_iter) with the Debian
/// pocketsphinx-en-us model (continuous HMM, en-us.lm.bin trigram LM, cmudict-en-us.dict).

#include <filesystem>
#include <memory>

#include "speech/speech_recognizer.hpp"

namespace reelscale::speech {

/// Default model folder: $REELSCALE_POCKETSPHINX_MODEL, else /usr/share/pocketsphinx/model/en-us.
std::filesystem::path pocketsphinx_model_dir();

/// English recogniser. Owns its decoder (RAII; freed in the destructor).
class PocketsphinxRecognizer final : public SpeechRecognizer {
 public:
  /// @throws std::runtime_error naming the folder when the model is missing or init fails.
  explicit PocketsphinxRecognizer(const std::filesystem::path& model_dir = pocketsphinx_model_dir());
  ~PocketsphinxRecognizer() override;
  PocketsphinxRecognizer(const PocketsphinxRecognizer&) = delete;
  PocketsphinxRecognizer& operator=(const PocketsphinxRecognizer&) = delete;

  std::string language() const override { return "en"; }
  std::string engine() const override { return "pocketsphinx 5prealpha en-us"; }
  Utterance recognise(std::span<const std::int16_t> samples, double t0_s) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace reelscale::speech
