#include <filesystem>

#include "export/exporters.hpp"

namespace reelscale::exports {
namespace {

/// ffmetadata escaping: '=', ';', '#', '\\' and newlines take a backslash.
std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '=' || c == ';' || c == '#' || c == '\\' || c == '\n') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string to_ffmetadata(const AssetDoc& d, const std::vector<Segment>& segs) {
  std::string out = ";FFMETADATA1\ntitle=" + escape(std::filesystem::path(d.path).filename().string()) + "\n";
  const std::string tb = std::to_string(d.rate.den) + "/" + std::to_string(d.rate.num);
  for (const Segment& s : segs) {
    out += "\n[CHAPTER]\nTIMEBASE=" + tb + "\nSTART=" + std::to_string(s.span.start) +
           "\nEND=" + std::to_string(s.span.end + 1) + "\ntitle=" + escape(s.name) + "\n";
  }
  return out;
}

}  // namespace reelscale::exports
