#pragma once
/// @file transcript_webvtt.hpp
/// WebVTT captions (W3C WebVTT, "subtitles" kind) from recognised utterances, and the
/// sidecar JSON of a transcript.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "speech/speech_recognizer.hpp"

namespace reelscale::speech {

/// "hh:mm:ss.mmm" (WebVTT timestamp; negative times clamp to 0).
std::string vtt_timestamp(double seconds);

/// A WebVTT file: "WEBVTT" header, then one cue per utterance with non-empty text, numbered
/// from 1, in the given order. Cue text has "&", "<", ">" escaped and no blank lines.
std::string transcript_webvtt(const std::vector<Utterance>& utterances);

/// [{"start_s", "end_s", "text", "confidence"}] of the utterances with non-empty text.
nlohmann::json transcript_json(const std::vector<Utterance>& utterances);

}  // namespace reelscale::speech
