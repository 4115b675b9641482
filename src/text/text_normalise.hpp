#pragma once
/// @file text_normalise.hpp
/// Text comparison for OCR scoring: the normalisation of issue 13 (Unicode NFKC, Arabic
/// harakat U+064B..U+0652 and tatweel U+0640 removed, white space collapsed, case folded)
/// and character error rate (Levenshtein distance over Unicode code points).

#include <cstddef>
#include <string>
#include <string_view>

namespace reelscale::text {

/// NFKC (ICU), then harakat/tatweel removed, ICU full case folding, runs of white space
/// collapsed to one U+0020 and trimmed. Returns UTF-32 code points.
/// @throws std::runtime_error when ICU cannot normalise (invalid UTF-8 is replaced, not thrown).
std::u32string normalise_for_cer(std::string_view utf8);

/// Levenshtein distance (unit costs) between two code-point strings. O(|a|·|b|) time.
std::size_t edit_distance(const std::u32string& a, const std::u32string& b);

/// Smallest edit distance between `needle` and any substring of `hay` (Sellers 1980,
/// "approximate string matching": free start/end in `hay`). O(|a|·|b|).
std::size_t substring_distance(const std::u32string& needle, const std::u32string& hay);

/// True when `s` holds at least one Arabic letter (U+0620..U+064A, U+066E..U+06D3, U+0750..U+077F,
/// U+FB50..U+FDFF, U+FE70..U+FEFF).
bool has_arabic(std::u32string_view s);

/// UTF-8 -> code points (invalid bytes become U+FFFD) and back.
std::u32string to_u32(std::string_view utf8);
std::string to_utf8(const std::u32string& s);

}  // namespace reelscale::text
