#pragma once
/// @file duplicates_table.hpp
/// The archive-wide `/duplicates` table (record::Table) of a DuplicateReport, one row per
/// (asset, other asset, span) in both directions, same fields as the sidecar entries.

#include <span>
#include <string>
#include <utility>

#include "duplicates/duplicate_search.hpp"
#include "record/table.hpp"

namespace reelscale::duplicates {

/// Columns: asset, other (ids), kind ("exact" | "encoding" | "segment"), start, end,
/// other_start, other_end (PTS seconds, unit "s"), score (0..1). Segments shorter than
/// `min_seconds` are left out. `spans` as in report_json.hpp (asset_span).
record::Table duplicates_table(const DuplicateReport& rep, std::span<const std::string> ids,
                               std::span<const std::pair<double, double>> spans, double min_seconds);

}  // namespace reelscale::duplicates
