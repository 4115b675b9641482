#include <filesystem>

#include <fmt/format.h>

#include "export/exporters.hpp"

namespace reelscale::exports {
namespace {

/// EDL comment text: one line, printable.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

}  // namespace

std::string to_edl(const AssetDoc& d, const std::vector<Segment>& segs) {
  const Rate& r = d.rate;
  const std::string name = std::filesystem::path(d.path).filename().string();
  std::string out = "TITLE: " + one_line(name.empty() ? d.id : name) + "\n";
  out += r.drop() > 0 ? "FCM: DROP FRAME\n" : "FCM: NON-DROP FRAME\n";
  int event = 0;
  for (const Segment& s : segs) {
    const std::string in = frames_to_timecode(d.tc_start + s.span.start, r);
    const std::string outp = frames_to_timecode(d.tc_start + s.span.end + 1, r);
    // Event numbers are 3 digits in CMX 3600; long lists wrap after 999.
    out += fmt::format("\n{:03d}  {:<8} {:<5} {:<8} {} {} {} {}\n", ++event % 1000, "AX", "V", "C", in, outp, in,
                       outp);
    out += "* FROM CLIP NAME: " + one_line(name) + "\n";
    out += "* COMMENT: " + s.name + "\n";
  }
  return out;
}

}  // namespace reelscale::exports
