#pragma once
/// @file speech_recognizer.hpp
/// The plug-in point for speech-to-text engines. The current engine is pocketsphinx
/// (pocketsphinx_recognizer.hpp); a stronger one (e.g. a Whisper runtime, once a model can
/// be shipped offline) implements the same interface.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace reelscale::speech {

/// One recognised word, seconds on the asset's timeline.
struct RecognisedWord {
  std::string word;
  double start_s = 0;
  double end_s = 0;
  double confidence = 0;  ///< posterior probability in [0, 1] (engine-specific calibration)
};

/// One recognised utterance (a speech segment, or a piece of one).
struct Utterance {
  double start_s = 0;
  double end_s = 0;
  std::string text;        ///< words joined by single spaces; empty when nothing recognised
  double confidence = 0;   ///< mean word confidence, 0 for no words
  std::vector<RecognisedWord> words;
};

/// A speech-to-text engine for one language. Not thread-safe: one per asset / thread.
class SpeechRecognizer {
 public:
  virtual ~SpeechRecognizer() = default;
  /// BCP-47-ish language code it recognises, e.g. "en".
  virtual std::string language() const = 0;
  /// Engine name and model, e.g. "pocketsphinx 5prealpha en-us".
  virtual std::string engine() const = 0;
  /// Recognises one utterance of mono 16 kHz 16-bit samples starting at `t0_s` seconds.
  /// @throws std::runtime_error when the engine fails.
  virtual Utterance recognise(std::span<const std::int16_t> samples, double t0_s) = 0;
};

/// Makes the recogniser for `lang` ("en"); nullptr with `why` set when no offline model
/// exists for it (e.g. "ar": "unsupported: no offline Arabic model").
std::unique_ptr<SpeechRecognizer> make_recognizer(const std::string& lang, std::string& why);

}  // namespace reelscale::speech
