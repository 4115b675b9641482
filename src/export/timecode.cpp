#include "export/timecode.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace reelscale::exports {

int Rate::nominal() const {
  return num > 0 && den > 0 ? static_cast<int>(std::llround(fps())) : 25;
}

int Rate::drop() const {
  if (den != 1001) return 0;
  const int n = nominal();
  return n == 30 ? 2 : n == 60 ? 4 : 0;
}

Rate parse_rate(const std::string& text) {
  Rate r{0, 1};
  long long n = 0, d = 1;
  char slash = 0;
  const int got = std::sscanf(text.c_str(), "%lld%c%lld", &n, &slash, &d);
  if (got == 1) d = 1;
  else if (got != 3 || slash != '/') return r;
  if (n <= 0 || d <= 0) return r;
  return {n, d};
}

Rate rate_from_fps(double fps) {
  if (!(fps > 0) || !std::isfinite(fps)) return {25, 1};
  for (std::int64_t n : {24000, 30000, 60000})
    if (std::abs(fps - double(n) / 1001.0) < 1e-3) return {n, 1001};
  const auto milli = static_cast<std::int64_t>(std::llround(fps * 1000));
  if (milli % 1000 == 0) return {milli / 1000, 1};
  return {milli, 1000};
}

std::string frames_to_timecode(std::int64_t f, const Rate& r) {
  const std::int64_t nom = r.nominal(), drop = r.drop();
  if (f < 0) f = 0;
  if (drop > 0) {
    // SMPTE ST 12-1 drop-frame: add back the skipped frame numbers.
    const std::int64_t per10 = nom * 600 - drop * 9, per1 = nom * 60 - drop;
    const std::int64_t d = f / per10, m = f % per10;
    f += drop * 9 * d + (m > drop ? drop * ((m - drop) / per1) : 0);
  }
  const std::int64_t ff = f % nom, ss = f / nom % 60, mm = f / (nom * 60) % 60, hh = f / (nom * 3600) % 24;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld%c%02lld", (long long)hh, (long long)mm, (long long)ss,
                drop > 0 ? ';' : ':', (long long)ff);
  return buf;
}

std::int64_t timecode_to_frames(const std::string& tc, const Rate& r) {
  int hh = 0, mm = 0, ss = 0, ff = 0;
  char a = 0, b = 0, c = 0;
  if (std::sscanf(tc.c_str(), "%d%c%d%c%d%c%d", &hh, &a, &mm, &b, &ss, &c, &ff) != 7 || hh < 0 || mm < 0 ||
      mm > 59 || ss < 0 || ss > 59 || ff < 0 || ff >= r.nominal())
    throw std::invalid_argument("not an hh:mm:ss:ff timecode: '" + tc + "'");
  const std::int64_t nom = r.nominal(), drop = r.drop();
  const std::int64_t minutes = 60LL * hh + mm;
  return nom * 3600 * hh + nom * 60 * mm + nom * ss + ff - drop * (minutes - minutes / 10);
}

}  // namespace reelscale::exports
