#pragma once
/// @file word_error_rate.hpp
/// Word error rate (WER): (substitutions + deletions + insertions) / reference words, from
/// the Levenshtein alignment of word sequences (as NIST sclite computes it, without its
/// optional-word rules). Text is lower-cased, punctuation other than apostrophes becomes
/// white space, digits are kept as written.

#include <cstddef>
#include <string>
#include <vector>

namespace reelscale::speech {

/// Lower-cased words of `text` (ASCII letters, digits, apostrophes).
std::vector<std::string> wer_words(const std::string& text);

/// Edit counts of one hypothesis against its reference.
struct WerCounts {
  std::size_t ref_words = 0, substitutions = 0, deletions = 0, insertions = 0;
  std::size_t errors() const { return substitutions + deletions + insertions; }
  double wer() const { return ref_words ? static_cast<double>(errors()) / static_cast<double>(ref_words) : 0; }
  WerCounts& operator+=(const WerCounts& o);
};

/// Aligns `hyp` to `ref` (minimum edit distance, ties: substitution first).
WerCounts word_errors(const std::vector<std::string>& ref, const std::vector<std::string>& hyp);

}  // namespace reelscale::speech
