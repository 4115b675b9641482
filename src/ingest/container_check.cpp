#include "ingest/container_check.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>
#include <vector>

namespace reelscale::ingest {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

/// Extension -> demuxer names (any one matching is agreement). From the
/// extensions lists of FFmpeg 5.1's demuxers (libavformat/*dec.c).
const std::map<std::string, std::vector<std::string>>& table() {
  static const std::map<std::string, std::vector<std::string>> t = {
      {"mp4", {"mov", "mp4"}},   {"m4v", {"mov", "mp4", "m4v"}}, {"mov", {"mov"}},
      {"m4a", {"mov", "m4a"}},   {"3gp", {"mov", "3gp"}},        {"3g2", {"mov", "3g2"}},
      {"mj2", {"mov", "mj2"}},   {"mkv", {"matroska"}},          {"webm", {"matroska", "webm"}},
      {"mka", {"matroska"}},     {"avi", {"avi"}},               {"mpg", {"mpeg", "mpegvideo"}},
      {"mpeg", {"mpeg", "mpegvideo"}}, {"vob", {"mpeg"}},        {"m2v", {"mpegvideo", "mpeg"}},
      {"ts", {"mpegts"}},        {"m2ts", {"mpegts"}},           {"mts", {"mpegts"}},
      {"flv", {"flv", "live_flv"}}, {"wmv", {"asf"}},            {"asf", {"asf"}},
      {"wma", {"asf"}},          {"mxf", {"mxf"}},               {"dv", {"dv"}},
      {"ogg", {"ogg"}},          {"ogv", {"ogg"}},               {"oga", {"ogg"}},
      {"wav", {"wav", "w64"}},   {"mp3", {"mp3"}},               {"aac", {"aac"}},
      {"flac", {"flac"}},        {"aif", {"aiff"}},              {"aiff", {"aiff"}},
      {"ac3", {"ac3"}},          {"gxf", {"gxf"}},               {"nut", {"nut"}},
      {"rm", {"rm"}},            {"ivf", {"ivf"}},               {"h264", {"h264"}},
      {"y4m", {"yuv4mpegpipe"}},
  };
  return t;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string tok; std::getline(in, tok, ',');)
    if (!tok.empty()) out.push_back(lower(tok));
  return out;
}

}  // namespace

std::string container_mismatch(const std::string& file_name, const std::string& container) {
  const auto dot = file_name.find_last_of('.');
  const auto slash = file_name.find_last_of('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash) || container.empty()) return {};
  const std::string ext = lower(file_name.substr(dot + 1));
  const auto it = table().find(ext);
  if (it == table().end()) return {};
  for (const std::string& name : split(container))
    if (std::find(it->second.begin(), it->second.end(), name) != it->second.end()) return {};
  return "extension '." + ext + "' does not match the container found by probing (" + container + ")";
}

}  // namespace reelscale::ingest

#include <unistd.h>

namespace reelscale::ingest {

std::string riff_truncation(int fd, std::uint64_t file_size) {
  unsigned char h[12];
  if (::pread(fd, h, sizeof h, 0) != ssize_t(sizeof h) || std::string(reinterpret_cast<char*>(h), 4) != "RIFF")
    return {};
  const std::uint64_t riff = std::uint64_t(h[4]) | std::uint64_t(h[5]) << 8 | std::uint64_t(h[6]) << 16 |
                             std::uint64_t(h[7]) << 24;
  if (riff == 0 || riff == 0xFFFFFFFFu || riff + 8 <= file_size) return {};
  return "truncated: the RIFF header declares " + std::to_string(riff + 8) + " bytes, the file holds " +
         std::to_string(file_size) + " (" + std::to_string(riff + 8 - file_size) + " missing)";
}

}  // namespace reelscale::ingest
