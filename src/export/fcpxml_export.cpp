#include <filesystem>
#include <numeric>

#include <fmt/format.h>

#include "export/exporters.hpp"
#include "export/text_escape.hpp"

namespace reelscale::exports {
namespace {

/// `frames` at rate `r` as an FCPXML rational time ("1001/30000s", "0s", "4s").
std::string rt(std::int64_t frames, const Rate& r) {
  std::int64_t n = frames * r.den, d = r.num;
  if (n == 0) return "0s";
  const std::int64_t g = std::gcd(n, d);
  n /= g, d /= g;
  return d == 1 ? fmt::format("{}s", n) : fmt::format("{}/{}s", n, d);
}

}  // namespace

std::string to_fcpxml(const AssetDoc& d, const std::vector<Segment>& segs) {
  const Rate& r = d.rate;
  const std::string name = xml_escape(std::filesystem::path(d.path).filename().string());
  const std::string tcf = r.drop() > 0 ? "DF" : "NDF";
  const std::int64_t n = total_frames(d);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE fcpxml>\n<fcpxml version=\"1.9\">\n";
  out += "  <resources>\n";
  out += fmt::format("    <format id=\"r1\" frameDuration=\"{}\" width=\"{}\" height=\"{}\"/>\n", rt(1, r), d.width,
                     d.height);
  out += fmt::format("    <asset id=\"r2\" name=\"{}\" uid=\"{}\" start=\"{}\" duration=\"{}\" hasVideo=\"1\" "
                     "format=\"r1\">\n      <media-rep kind=\"original-media\" src=\"{}\"/>\n    </asset>\n",
                     name, d.id, rt(d.tc_start, r), rt(n, r), xml_escape(file_url(d.path)));
  out += "  </resources>\n  <library>\n    <event name=\"reelscale\">\n";
  out += fmt::format("      <project name=\"{}\">\n        <sequence format=\"r1\" duration=\"{}\" tcStart=\"{}\" "
                     "tcFormat=\"{}\">\n          <spine>\n",
                     name, rt(n, r), rt(d.tc_start, r), tcf);
  std::int64_t at = 0;
  for (const Segment& s : segs) {
    if (s.span.start > at)
      out += fmt::format("            <gap name=\"Gap\" offset=\"{}\" duration=\"{}\"/>\n", rt(d.tc_start + at, r),
                         rt(s.span.start - at, r));
    out += fmt::format("            <asset-clip ref=\"r2\" name=\"{}\" offset=\"{}\" start=\"{}\" duration=\"{}\" "
                       "format=\"r1\" tcFormat=\"{}\"/>\n",
                       xml_escape(s.name), rt(d.tc_start + s.span.start, r), rt(d.tc_start + s.span.start, r),
                       rt(s.span.length(), r), tcf);
    at = s.span.end + 1;
  }
  out += "          </spine>\n        </sequence>\n      </project>\n    </event>\n  </library>\n</fcpxml>\n";
  return out;
}

}  // namespace reelscale::exports
