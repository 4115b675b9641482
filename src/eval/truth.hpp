#pragma once
/// @file truth.hpp
/// Ground-truth and detection files for shot-boundary evaluation.
///
/// Truth format (`<name>.truth.json`, as ../shared/corpus/dev):
///   {"video": "x.mp4", "frames": N, "fps": "30000/1001",
///    "transitions": [{"type": "cut", "frame": F},
///                    {"type": "gradual", "kind": "dissolve", "start": S, "end": E}, ...]}
/// A cut's F is the 0-based index of the first frame of the new shot; a gradual
/// transition spans its blended frames S..E inclusive.
///
/// Detection format (the JSON sidecar written by `reelscale run`):
///   {"path": ".../x.mp4", "transitions": [{"type": "cut"|"dissolve"|"fade"|"wipe",
///    "start": F, "end": F}], "selected_frames": [...], "frames": N, ...}

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace reelscale::eval {

/// The two classes scored separately (TRECVID SBD): abrupt and gradual.
enum class BoundaryClass { cut, gradual };

const char* to_string(BoundaryClass c);

/// One boundary, truth or detected. Frames are 0-based, inclusive.
/// A cut has start == end == first frame of the new shot.
struct Boundary {
  BoundaryClass cls = BoundaryClass::cut;
  std::string kind;  ///< "cut", "dissolve", "fadeblack"/"fade", "wipe", ...
  std::int64_t start = 0;
  std::int64_t end = 0;
};

/// Class of a transition type name: "cut" (and "hard") is a cut, anything else gradual.
BoundaryClass class_of(const std::string& type);

/// A parsed truth file.
struct TruthFile {
  std::string video;                  ///< file name of the programme, e.g. "newsreel_mpeg2.mpg"
  std::int64_t frames = 0;            ///< decoded frames (0 when absent)
  std::string fps_text;               ///< exact rate as written, e.g. "30000/1001"
  double fps = 0;                     ///< fps_text as a number (0 when absent)
  std::vector<Boundary> transitions;  ///< sorted by start frame
  /// Inclusive frame ranges of scenes labelled "slate" (black, silent slates).
  std::vector<std::pair<std::int64_t, std::int64_t>> slates;
};

/// Parses "25", "30000/1001" or "29.97" into a number (0 on failure).
double parse_rate(const std::string& s);

/// Parses a truth document. @throws std::runtime_error on a malformed document.
TruthFile parse_truth(const nlohmann::json& doc);

/// Reads and parses a truth file. @throws std::runtime_error on I/O or format errors.
TruthFile load_truth(const std::filesystem::path& file);

/// What the evaluator reads from one sidecar.
struct Detections {
  std::string path;                   ///< "path" field (the asset's file)
  std::int64_t frames = 0;            ///< "frames" when it is a number, else 0
  std::vector<Boundary> transitions;  ///< sorted by start frame
  /// Selected frame indices, when the sidecar has "selected_frames" (either
  /// numbers or objects with a "frame" member); empty optional when absent.
  std::optional<std::vector<std::int64_t>> selected_frames;
};

/// Parses a sidecar document. @throws std::runtime_error on a malformed transition.
Detections parse_detections(const nlohmann::json& doc);

/// Reads and parses a sidecar. @throws std::runtime_error on I/O or format errors.
Detections load_detections(const std::filesystem::path& file);

}  // namespace reelscale::eval
