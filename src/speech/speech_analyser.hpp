#pragma once
/// @file speech_analyser.hpp
/// analysis::AudioAnalyser "speech": speech/music/silence segmentation at 10 Hz
/// (audio_segments.hpp) and, opt-in, transcription of the speech segments with a
/// SpeechRecognizer (speech_recognizer.hpp).
///
/// Result: table "audio_segments" (start_s, end_s [s], kind "speech"|"music"|"silence"),
/// table "transcript" (start_s, end_s [s], text, confidence) when transcribing, and the
/// sidecar member "speech": {"method", "segments": [{"start_s","end_s","kind"}],
/// "transcript": [...] | absent, "transcript_language", "transcript_engine",
/// "transcript_status": "ok" | "unsupported: ..."}.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analysis/audio_analyser.hpp"
#include "speech/audio_segments.hpp"
#include "speech/speech_recognizer.hpp"

namespace reelscale::speech {

/// Settings of the speech stage.
struct SpeechOptions {
  std::string transcribe;         ///< "" (no transcription), "en", "ar", ...
  SegmenterParams segmenter;
  double max_utterance_s = 20;    ///< longer speech runs are decoded in pieces this long
  double pad_s = 0.3;             ///< audio kept before/after a speech run for the decoder
};

/// Catalog table name of the segments.
inline constexpr const char* kSegmentsTable = "audio_segments";
/// Catalog table name of the transcript.
inline constexpr const char* kTranscriptTable = "transcript";

/// The analyser for one asset. `recognizer` may be null (no transcription, or `why` says
/// why not, stored as transcript_status).
class SpeechAnalyser final : public analysis::AudioAnalyser {
 public:
  SpeechAnalyser(SpeechOptions opt, std::unique_ptr<SpeechRecognizer> recognizer, std::string why);
  std::string key() const override { return "speech"; }
  void consume(std::span<const float> samples, double t0_s) override;
  analysis::AnalysisResult finish(const AssetRecord& rec) override;

  /// Segments so far (valid after finish()).
  const std::vector<AudioSegment>& segments() const { return segments_; }
  /// Utterances recognised (valid after finish()).
  const std::vector<Utterance>& utterances() const { return utterances_; }

 private:
  void on_steps(const std::vector<StepFeatures>& steps);
  void on_label(double t_s, AudioKind k);
  void decode(double from_s, double to_s);
  void drop_before(double t_s);

  SpeechOptions opt_;
  std::unique_ptr<SpeechRecognizer> rec_;
  std::string why_;
  std::unique_ptr<FeatureStream> stream_;
  double labels_t0_ = 0;
  double next_t_ = 0;                  ///< expected t0 of the next block
  std::vector<AudioKind> labels_;
  // Transcription buffer: 16-bit samples from buf_t0_ on.
  std::vector<std::int16_t> buf_;
  double buf_t0_ = 0;
  double run_start_ = -1;              ///< open speech run start, < 0 when none
  int non_speech_ = 0;                 ///< consecutive non-speech steps in the open run
  std::vector<AudioSegment> segments_;
  std::vector<Utterance> utterances_;
};

/// Factory for the pipeline: a fresh SpeechAnalyser per asset; the recogniser is made per
/// asset (pocketsphinx loads its model in about a second).
analysis::AudioAnalyserFactory speech_analyser_factory(SpeechOptions opt);

}  // namespace reelscale::speech
