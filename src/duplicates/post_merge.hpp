#pragma once
/// @file post_merge.hpp
/// The `reelscale run` post-merge step: duplicate search over the merged catalog, results
/// stored as the archive-wide table `/duplicates` in catalog.h5 and as the "duplicates"
/// section of every sidecar (docs/duplicates.md).

#include <cstddef>
#include <filesystem>

#include "duplicates/duplicate_search.hpp"

namespace reelscale::duplicates {

/// What the step found (for the log).
struct PostMergeSummary {
  std::size_t assets = 0, exact_groups = 0, encodings = 0, segments = 0;
};

/// Reads OUT/catalog.h5, runs find_duplicates(opt), writes `/duplicates` (duplicates_table)
/// and sets the "duplicates" section (sidecar_entries; [] when none) of OUT/assets/<id>.json
/// for every asset with decoded frames. Must run after the merge (no CatalogWriter open).
/// @throws std::runtime_error naming the file on catalog or sidecar I/O failures.
PostMergeSummary write_duplicates(const std::filesystem::path& out, const DuplicateOptions& opt = {});

}  // namespace reelscale::duplicates
