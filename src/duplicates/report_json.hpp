#pragma once
/// @file report_json.hpp
/// JSON and text renderings of a DuplicateReport (the `reelscale duplicates` output,
/// format in docs/duplicates.md).

#include <span>
#include <utility>
#include <string>

#include <nlohmann/json.hpp>

#include "duplicates/duplicate_search.hpp"

namespace reelscale::duplicates {

/// {"assets":[{"id","path","start_s","end_s"}], "exact":[[id,...]], "encodings":[{"a","b","offset_s",
/// "coverage_a","coverage_b","score"}], "segments":[{"a","b","a_start_s","a_end_s",
/// "b_start_s","b_end_s","offset_s","score"}]}; a/b are asset ids; segments shorter
/// than `min_seconds` are left out. `paths` and `spans` (each asset's first PTS and
/// last PTS + 1 frame, s; see asset_span) are parallel to `ids`.
nlohmann::json report_to_json(const DuplicateReport& rep, std::span<const std::string> ids,
                              std::span<const std::string> paths,
                              std::span<const std::pair<double, double>> spans, double min_seconds);

/// [first PTS, last PTS + 1/fps] of `sig`, s ({0, 0} when empty).
std::pair<double, double> asset_span(const AssetSignature& sig);

/// Per-asset sidecar entries: "duplicates": [{"asset","kind","start","end","other_start",
/// "other_end","score"}] for asset index `i` (seconds; whole-asset spans for exact and
/// encoding matches: `spans` holds each asset's [first PTS, last PTS + 1 frame], s).
nlohmann::json sidecar_entries(const DuplicateReport& rep, std::span<const std::string> ids,
                               std::span<const std::pair<double, double>> spans, std::size_t i,
                               double min_seconds);

/// Human-readable listing: exact groups, encoding matches, segment pairs.
std::string report_to_text(const DuplicateReport& rep, std::span<const std::string> ids,
                           std::span<const std::string> paths, double min_seconds);

}  // namespace reelscale::duplicates
