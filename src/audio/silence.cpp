#include "audio/silence.hpp"

#include <algorithm>

namespace reelscale::audio {

std::vector<Silence> find_silences(std::span<const float> m, double rate_hz, double start_s, double threshold_lufs,
                                   double min_s, double window_s) {
  std::vector<Silence> out;
  if (!(rate_hz > 0)) return out;
  const std::size_t n = m.size();
  std::size_t i = 0;
  while (i < n) {
    if (!(m[i] < threshold_lufs)) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j + 1 < n && m[j + 1] < threshold_lufs) ++j;
    Silence s;
    s.start_s = std::max(start_s, start_s + double(i + 1) / rate_hz - window_s);
    s.end_s = start_s + double(j + 1) / rate_hz;
    if (s.end_s - s.start_s >= min_s - 1e-9) out.push_back(s);
    i = j + 1;
  }
  return out;
}

}  // namespace reelscale::audio
