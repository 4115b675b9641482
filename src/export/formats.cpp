#include <stdexcept>

#include "export/exporters.hpp"

namespace reelscale::exports {

Format parse_format(const std::string& s) {
  if (s == "csv") return Format::csv;
  if (s == "edl") return Format::edl;
  if (s == "otio") return Format::otio;
  if (s == "fcpxml") return Format::fcpxml;
  if (s == "ffmetadata") return Format::ffmetadata;
  if (s == "webvtt" || s == "vtt") return Format::webvtt;
  throw std::invalid_argument("unknown export format '" + s + "' (csv|edl|otio|fcpxml|ffmetadata|webvtt)");
}

std::string extension(Format f) {
  switch (f) {
    case Format::csv: return ".csv";
    case Format::edl: return ".edl";
    case Format::otio: return ".otio";
    case Format::fcpxml: return ".fcpxml";
    case Format::ffmetadata: return ".ffmeta.txt";
    case Format::webvtt: return ".vtt";
  }
  return ".txt";
}

std::string render(Format f, const AssetDoc& d, const std::vector<Segment>& segs) {
  switch (f) {
    case Format::csv: return to_csv(d, segs);
    case Format::edl: return to_edl(d, segs);
    case Format::otio: return to_otio(d, segs);
    case Format::fcpxml: return to_fcpxml(d, segs);
    case Format::ffmetadata: return to_ffmetadata(d, segs);
    case Format::webvtt: return to_webvtt(d, segs);
  }
  return {};
}

}  // namespace reelscale::exports
