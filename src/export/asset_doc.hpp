#pragma once
/// @file asset_doc.hpp
/// The plain in-memory view of one asset that the exports and the HTML report
/// read: parsed from the JSON sidecar OUT/assets/<id>.json (layout in
/// docs/catalog.md), so they do not depend on the catalog's internals. The whole
/// sidecar stays available in `json` for sections added later (faces, text,
/// moderation, outputs).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "export/timecode.hpp"

namespace reelscale::exports {

/// An inclusive range of 0-based decoded frame indices.
struct FrameSpan {
  std::int64_t start = 0;
  std::int64_t end = 0;  ///< inclusive
  std::int64_t length() const { return end - start + 1; }
};

/// A shot transition or a technical cue ("cut", "dissolve", "black", ...).
struct TypedSpan {
  std::string type;
  FrameSpan span;
};

/// A scene: its frames and the frame index of its keyframe (-1 if none).
struct SceneSpan {
  FrameSpan span;
  std::int64_t keyframe = -1;
};

/// An ad-break insertion point: first frame after the break.
struct InsertionMark {
  std::int64_t frame = 0;
  double time_s = 0;
  double score = 0;
};

/// A silent interval, seconds on the asset's timeline (end exclusive).
struct SecondsSpan {
  double start_s = 0, end_s = 0;
};

/// Everything the exports and the report need from one sidecar.
struct AssetDoc {
  std::string id, path, status, error;
  std::int64_t frames = 0;
  double duration_s = 0;
  Rate rate;                  ///< the analysed video stream's avg_frame_rate (or fps)
  std::string timecode;       ///< the asset's start timecode, "" when none
  std::int64_t tc_start = 0;  ///< `timecode` as a frame count at `rate` (0 when none)
  int width = 0, height = 0;
  std::vector<FrameSpan> shots;
  std::vector<SceneSpan> scenes;
  std::vector<TypedSpan> transitions, cues;
  std::vector<FrameSpan> commercial_breaks;
  std::vector<InsertionMark> insertion_points;
  std::vector<SecondsSpan> silences;
  nlohmann::json json;        ///< the whole sidecar
};

/// Parses a sidecar object. Missing optional keys leave defaults.
/// @throws std::runtime_error naming `origin` when id/path/status are missing
/// or a key has the wrong type.
AssetDoc asset_from_sidecar(nlohmann::json j, const std::string& origin);

/// Reads and parses one sidecar file.
/// @throws std::runtime_error naming the file when it cannot be read or parsed.
AssetDoc read_sidecar(const std::filesystem::path& file);

/// Paths of every OUT/assets/*.json, sorted by file name.
std::vector<std::filesystem::path> sidecar_files(const std::filesystem::path& out);

}  // namespace reelscale::exports
