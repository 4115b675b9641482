#pragma once
/// @file ocr_eval.hpp
/// Scores OCR output against corpus/ocr/truth.json (see docs/text.md, "Metric").
///
/// Per truth line (normalise_for_cer on both sides): d = the smallest edit distance between
/// the line and any substring of the image's predicted text (predicted lines normalised and
/// joined by '\n'), so order and splitting of predicted boxes do not matter. CER of a
/// language = sum d / sum truth characters over lines whose script is that language (a line
/// with an Arabic letter is Arabic, else English). A truth line is *found* when d / n <= 0.5.
/// Precision side: a predicted line (images with complete truth, outside ICDAR "###"
/// regions) is *matched* when its substring distance against the truth text is <= half its
/// length.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core/types.hpp>

namespace reelscale::text {

/// One predicted line for scoring.
struct PredLine {
  std::string text;
  cv::Rect box;  ///< empty when unknown (ignore regions then not applied)
};

/// Totals for one group of truth lines.
struct OcrScore {
  std::size_t lines = 0, found = 0;
  std::size_t chars = 0, errors = 0;
  std::size_t pred_lines = 0, pred_matched = 0;
  double cer() const { return chars ? double(errors) / double(chars) : 0; }
  double found_rate() const { return lines ? double(found) / double(lines) : 0; }
  double precision() const { return pred_lines ? double(pred_matched) / double(pred_lines) : 1; }
};

/// Scores per group: keys "en", "ar", "all", each also with suffix "/tune" (odd file
/// numbers) and "/held-out" (even file numbers). `per_image` (optional) receives one JSON
/// object per image with the truth, the prediction and per-line distances.
std::map<std::string, OcrScore> score_ocr(const nlohmann::json& truth,
                                          const std::map<std::string, std::vector<PredLine>>& pred,
                                          nlohmann::json* per_image = nullptr);

/// Reads truth.json. @throws std::runtime_error naming the file.
nlohmann::json read_ocr_truth(const std::filesystem::path& file);

}  // namespace reelscale::text
