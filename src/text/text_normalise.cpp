#include "text/text_normalise.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace reelscale::text {
namespace {

bool is_harakah_or_tatweel(char32_t c) { return (c >= 0x064B && c <= 0x0652) || c == 0x0640; }

}  // namespace

std::u32string to_u32(std::string_view utf8) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  std::u32string out;
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    out.push_back(static_cast<char32_t>(c));
    i += U16_LENGTH(c);
  }
  return out;
}

std::string to_utf8(const std::u32string& s) {
  icu::UnicodeString u;
  for (char32_t c : s) u.append(static_cast<UChar32>(c));
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::u32string normalise_for_cer(std::string_view utf8) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
  if (U_FAILURE(err)) throw std::runtime_error(std::string("ICU NFKC unavailable: ") + u_errorName(err));
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString n = nfkc->normalize(u, err);
  if (U_FAILURE(err)) throw std::runtime_error(std::string("ICU NFKC failed: ") + u_errorName(err));
  n.foldCase();
  std::string s8;
  n.toUTF8String(s8);
  std::u32string out;
  bool space = false;
  for (char32_t c : to_u32(s8)) {
    if (is_harakah_or_tatweel(c)) continue;
    if (u_isUWhiteSpace(static_cast<UChar32>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(U' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::size_t edit_distance(const std::u32string& a, const std::u32string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::size_t substring_distance(const std::u32string& needle, const std::u32string& hay) {
  // D[i][j]: best distance of needle[0..i) ending at hay[j); D[0][j] = 0 (free start).
  std::vector<std::size_t> row(hay.size() + 1, 0);
  for (std::size_t i = 1; i <= needle.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= hay.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (needle[i - 1] == hay[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return *std::min_element(row.begin(), row.end());  // free end
}

bool has_arabic(std::u32string_view s) {
  return std::any_of(s.begin(), s.end(), [](char32_t c) {
    return (c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3) || (c >= 0x0750 && c <= 0x077F) ||
           (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
  });
}

}  // namespace reelscale::text
