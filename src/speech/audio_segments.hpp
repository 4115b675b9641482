#pragma once
/// @file audio_segments.hpp
/// Speech / music / silence labels at 10 Hz and their smoothing into segments.
///
/// Method: Scheirer & Slaney (ICASSP 1997) features (see speech_features.hpp) fed to a
/// logistic-regression speech-vs-music classifier (Scheirer & Slaney compare GMM, k-NN and
/// MAP classifiers; a linear one keeps the model five numbers). A step whose own RMS level
/// is below `silence_db` is silence, whatever the classifier says. Silences shorter than
/// `min_silence_s` take their neighbour's kind, speech/music labels are majority filtered
/// over `smooth_steps` (silence does not vote), then runs shorter than `min_run_s` are
/// absorbed into their longer neighbour. Weights: fitted on Asterisk prompts (even-numbered, real
/// speech, Debian asterisk-core-sounds-en-g722) vs the four music beds of the dev corpus;
/// see docs/speech.md for the leave-one-source-out figures.

#include <string>
#include <vector>

#include "speech/speech_features.hpp"

namespace reelscale::speech {

/// What a 0.1 s step holds.
enum class AudioKind { silence, speech, music };

/// "silence", "speech" or "music".
std::string to_string(AudioKind k);

/// One homogeneous stretch of audio, seconds from the stream start.
struct AudioSegment {
  double start_s = 0;
  double end_s = 0;
  AudioKind kind = AudioKind::silence;
};

/// Classifier and smoothing settings.
struct SegmenterParams {
  double silence_db = -50;   ///< step RMS below this (dBFS) is silence
  int smooth_steps = 9;      ///< majority window, steps (0.9 s); odd
  double min_run_s = 0.5;    ///< shorter speech/music runs merge into a neighbour
  double min_silence_s = 0.3;  ///< shorter silences (pauses) join their neighbour's kind
};

/// P(speech) of one step from its window features (logistic regression, weights above).
double speech_probability(const StepFeatures& f);

/// Raw label of one step: silence by level, else speech when speech_probability > 0.5.
AudioKind classify(const StepFeatures& f, const SegmenterParams& p = {});

/// Smooths per-step labels (step i covers [t0 + 0.1 i, t0 + 0.1 (i + 1)) s) into segments
/// covering the whole span, in time order, adjacent segments of different kinds.
std::vector<AudioSegment> smooth_segments(const std::vector<AudioKind>& labels, double t0_s,
                                          const SegmenterParams& p = {});

}  // namespace reelscale::speech
