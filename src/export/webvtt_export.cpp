#include "export/exporters.hpp"

namespace reelscale::exports {
namespace {

/// WebVTT cue text escaping (&, <, >).
std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

}  // namespace

std::string to_webvtt(const AssetDoc& d, const std::vector<Segment>& segs) {
  std::string out = "WEBVTT\n";
  int n = 0;
  for (const Segment& s : segs) {
    out += "\n" + std::to_string(++n) + "\n" + clock_ms(d.rate.seconds(s.span.start)) + " --> " +
           clock_ms(d.rate.seconds(s.span.end + 1)) + "\n" + escape(s.name) + "\n";
  }
  return out;
}

}  // namespace reelscale::exports
