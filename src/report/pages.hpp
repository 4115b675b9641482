#pragma once
/// @file pages.hpp
/// The HTML of the report: one row per asset for the index, the index page,
/// its data file and the per-asset page.

#include <cstdint>
#include <string>
#include <vector>

#include "export/asset_doc.hpp"
#include "report/loudness_source.hpp"

namespace reelscale::report {

/// What the index table shows of one asset.
struct IndexRow {
  std::string id, path, status, error, codec;
  double duration_s = 0;
  double lufs = 0;
  bool has_lufs = false;
  std::int64_t scenes = 0, breaks = 0, frames = 0;
  std::int64_t faces = -1;  ///< -1 when the sidecar has no faces section
  double wall_s = 0;
};

/// Index row of `d` (codec of the analysed video stream, else the first stream's).
IndexRow index_row(const exports::AssetDoc& d);

/// Run totals for the index summary.
struct RunSummary {
  std::int64_t assets = 0, ok = 0, damaged = 0, error = 0, frames = 0;
  double media_s = 0;
  double wall_s = 0;          ///< run wall time from OUT/status.json, else the sum of per-asset wall_s
  bool wall_from_status = false;
};

/// Totals of `rows`.
RunSummary summarise(const std::vector<IndexRow>& rows);

/// assets.js (rows in the order given): `window.REELSCALE_ASSETS=[[id,path,status,error,duration_s,codec,lufs,scenes,breaks,faces,frames],...];`
/// (JSON array literals, so strings are safely escaped).
std::string assets_js(const std::vector<IndexRow>& rows);

/// index.html: summary cards, the filter/sort controls and the table shell filled by report.js.
/// `search` adds a link to search.html.
std::string index_page(const RunSummary& s, bool search);

/// asset/<id>.html: metadata and fixity, timeline, filmstrip, loudness plot,
/// and the faces/text/moderation/outputs sections when the sidecar has them.
/// `out_rel` is the path from the page to OUT ("../../").
std::string asset_page(const exports::AssetDoc& d, const LoudnessSeries& loud, const std::string& out_rel);

/// Extra sections ("faces", "text", "moderation", "outputs" and any other
/// unknown array/object members of the sidecar) as HTML tables; images of
/// frames that moderation flagged are shown blurred only.
std::string extra_sections(const exports::AssetDoc& d, const std::string& out_rel);

/// Frames a moderation section flags: every "frame", and every "start".."end"
/// range, of objects below json["moderation"] unless the object says
/// "flagged": false. Sorted inclusive ranges.
std::vector<exports::FrameSpan> flagged_frames(const nlohmann::json& sidecar);

}  // namespace reelscale::report
