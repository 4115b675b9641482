#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "export/exporters.hpp"

namespace reelscale::exports {
namespace {

/// Seconds with 3 decimals, rounded like clock_ms so both columns agree.
std::string secs3(double s) {
  const long long ms = std::llround(std::max(0.0, s) * 1000);
  return fmt::format("{}.{:03d}", ms / 1000, ms % 1000);
}

}  // namespace

std::string to_csv(const AssetDoc& d, const std::vector<Segment>& segs) {
  const Rate& r = d.rate;
  std::string out = "Timecode List:";
  for (std::size_t i = 1; i < segs.size(); ++i) out += "," + clock_ms(r.seconds(segs[i].span.start));
  out +=
      "\nScene Number,Start Frame,Start Timecode,Start Time (seconds),End Frame,End Timecode,"
      "End Time (seconds),Length (frames),Length (timecode),Length (seconds)\n";
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const FrameSpan& s = segs[i].span;
    const double a = r.seconds(s.start), b = r.seconds(s.end + 1), len = r.seconds(s.length());
    out += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", i + 1, s.start + 1, clock_ms(a), secs3(a), s.end + 1,
                       clock_ms(b), secs3(b), s.length(), clock_ms(len), secs3(len));
  }
  return out;
}

}  // namespace reelscale::exports
