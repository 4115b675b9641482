#include "record/clock_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace reelscale::record {

std::string clock_ms(double seconds) {
  const auto ms = static_cast<long long>(std::llround(std::max(0.0, seconds) * 1000));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%03lld", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60,
                ms % 1000);
  return buf;
}

}  // namespace reelscale::record
