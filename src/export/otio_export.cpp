#include <filesystem>

#include <nlohmann/json.hpp>

#include "export/exporters.hpp"
#include "export/text_escape.hpp"

namespace reelscale::exports {
namespace {
using nlohmann::json;

json rational_time(std::int64_t frames, const Rate& r) {
  return {{"OTIO_SCHEMA", "RationalTime.1"}, {"rate", r.fps()}, {"value", double(frames)}};
}

json time_range(std::int64_t start, std::int64_t duration, const Rate& r) {
  return {{"OTIO_SCHEMA", "TimeRange.1"}, {"start_time", rational_time(start, r)},
          {"duration", rational_time(duration, r)}};
}

/// The fields every Item.1 subclass serialises.
json item(const char* schema, const std::string& name, json source_range) {
  return {{"OTIO_SCHEMA", schema}, {"name", name},         {"metadata", json::object()},
          {"source_range", std::move(source_range)},       {"effects", json::array()},
          {"markers", json::array()},                      {"enabled", true}};
}

json clip(const AssetDoc& d, const Segment& s) {
  json c = item("Clip.1", s.name, time_range(d.tc_start + s.span.start, s.span.length(), d.rate));
  c["media_reference"] = {{"OTIO_SCHEMA", "ExternalReference.1"},
                          {"name", std::filesystem::path(d.path).filename().string()},
                          {"target_url", file_url(d.path)},
                          {"available_range", time_range(d.tc_start, total_frames(d), d.rate)},
                          {"metadata", json::object()}};
  c["metadata"]["reelscale"] = {{"asset_id", d.id}, {"first_frame", s.span.start}, {"last_frame", s.span.end}};
  return c;
}

json track(const AssetDoc& d, const std::vector<Segment>& segs) {
  json t = item("Track.1", "V1", nullptr);
  t["kind"] = "Video";
  json children = json::array();
  std::int64_t at = 0;
  for (const Segment& s : segs) {
    if (s.span.start > at) children.push_back(item("Gap.1", "", time_range(0, s.span.start - at, d.rate)));
    children.push_back(clip(d, s));
    at = s.span.end + 1;
  }
  t["children"] = std::move(children);
  for (std::size_t i = 0; i < d.commercial_breaks.size(); ++i) {
    const FrameSpan& b = d.commercial_breaks[i];
    t["markers"].push_back({{"OTIO_SCHEMA", "Marker.2"},
                            {"name", "Commercial break " + std::to_string(i + 1)},
                            {"color", "RED"},
                            {"marked_range", time_range(b.start, b.length(), d.rate)},
                            {"metadata", json::object()}});
  }
  return t;
}

}  // namespace

std::string to_otio(const AssetDoc& d, const std::vector<Segment>& segs) {
  json stack = item("Stack.1", "tracks", nullptr);
  stack["children"] = json::array({track(d, segs)});
  const std::string name = std::filesystem::path(d.path).filename().string();
  json timeline = {{"OTIO_SCHEMA", "Timeline.1"},
                   {"name", name.empty() ? d.id : name},
                   {"metadata", {{"reelscale", {{"asset_id", d.id}, {"timecode", d.timecode}}}}},
                   {"global_start_time", rational_time(d.tc_start, d.rate)},
                   {"tracks", std::move(stack)}};
  return timeline.dump(4) + "\n";
}

}  // namespace reelscale::exports
