#pragma once
/// @file svg.hpp
/// Inline SVG figures of an asset page: the timeline and the loudness plot.

#include <string>
#include <vector>

#include "export/asset_doc.hpp"
#include "report/loudness_source.hpp"

namespace reelscale::report {

/// Timeline of `d` (x = decoded frame index): lanes of shots (`rect.shot`),
/// gradual transitions (`rect.gradual`, dissolve/fade/wipe), scenes
/// (`rect.scene`), cues (`rect.cue`), silences (`rect.silence`, seconds x fps),
/// commercial breaks (`rect.break`) and insertion points (`line.insertion`),
/// each with a <title> tooltip; a time axis in the asset's timecode.
/// Returns "" when the asset has no frames.
std::string timeline_svg(const exports::AssetDoc& d);

/// EBU Tech 3342 loudness-range bounds from a short-term series (LUFS):
/// absolute gate -70 LUFS, relative gate -20 LU below the gated mean energy,
/// 10th and 95th percentiles of what remains; values before the first full
/// 3 s window (series rate `rate_hz`) are left out. {0,0} when nothing passes.
std::pair<double, double> lra_bounds(const std::vector<float>& short_term, double rate_hz);

/// Loudness plot: polylines `#momentary` and `#short-term` (one point per
/// series value up to 4000, else a regular decimation; `data-n` holds the
/// series length), the integrated loudness line `#integrated` and the LRA band
/// `#lra` (bounds from lra_bounds, labelled with the sidecar's LRA). y axis
/// -60..0 LUFS (lower values clipped). "" when the series is empty.
std::string loudness_svg(const LoudnessSeries& s, double integrated_lufs, double lra_lu, double duration_s);

}  // namespace reelscale::report
