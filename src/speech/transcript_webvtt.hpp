#pragma once
/// @file transcript_webvtt.hpp
/// WebVTT captions (W3C WebVTT, "subtitles" kind) from recognised utterances, and the
/// sidecar JSON of a transcript.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <filesystem>

#include "record/table.hpp"
#include "speech/speech_recognizer.hpp"

namespace reelscale::speech {

/// "hh:mm:ss.mmm" (WebVTT timestamp; negative times clamp to 0).
std::string vtt_timestamp(double seconds);

/// A WebVTT file: "WEBVTT" header, then one cue per utterance with non-empty text, numbered
/// from 1, in the given order. Cue text has "&", "<", ">" escaped and no blank lines.
std::string transcript_webvtt(const std::vector<Utterance>& utterances);

/// [{"start_s", "end_s", "text", "confidence"}] of the utterances with non-empty text.
nlohmann::json transcript_json(const std::vector<Utterance>& utterances);

/// Utterances (no words) of a "transcript" catalog table (start_s, end_s, text, confidence).
/// @throws std::out_of_range / std::bad_variant_access when a column is missing or mistyped.
std::vector<Utterance> utterances_from_table(const record::Table& t);

/// Writes transcript_webvtt(utterances) to `file` atomically (util::write_file_atomic).
/// @throws std::runtime_error naming the file on I/O errors.
void write_webvtt_file(const std::filesystem::path& file, const std::vector<Utterance>& utterances);

}  // namespace reelscale::speech
