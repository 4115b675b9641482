#include "speech/word_error_rate.hpp"

#include <algorithm>
#include <cctype>

namespace reelscale::speech {

std::vector<std::string> wer_words(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '\'') {
      cur += static_cast<char>(std::tolower(c));
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

WerCounts& WerCounts::operator+=(const WerCounts& o) {
  ref_words += o.ref_words;
  substitutions += o.substitutions;
  deletions += o.deletions;
  insertions += o.insertions;
  return *this;
}

WerCounts word_errors(const std::vector<std::string>& ref, const std::vector<std::string>& hyp) {
  const std::size_t n = ref.size(), m = hyp.size();
  // d[i][j]: cost aligning ref[0..i) with hyp[0..j); back-trace counts the edit kinds.
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i)
    for (std::size_t j = 1; j <= m; ++j)
      d[i][j] = std::min({d[i - 1][j - 1] + (ref[i - 1] == hyp[j - 1] ? 0 : 1), d[i - 1][j] + 1, d[i][j - 1] + 1});
  WerCounts c;
  c.ref_words = n;
  std::size_t i = n, j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + (ref[i - 1] == hyp[j - 1] ? 0 : 1)) {
      if (ref[i - 1] != hyp[j - 1]) ++c.substitutions;
      --i, --j;
    } else if (i > 0 && d[i][j] == d[i - 1][j] + 1) {
      ++c.deletions, --i;
    } else {
      ++c.insertions, --j;
    }
  }
  return c;
}

}  // namespace reelscale::speech
