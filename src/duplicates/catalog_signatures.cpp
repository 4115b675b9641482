#include "duplicates/catalog_signatures.hpp"

#include <algorithm>
#include <cmath>

#include "catalog/catalog_reader.hpp"
#include "duplicates/tick_analyser.hpp"

namespace reelscale::duplicates {

namespace {
/// The `dup_ticks` table of the asset (tick_analyser.hpp), when present: sample times are
/// mapped to the catalog's frame PTS through the frame index.
void read_area_codes(const catalog::CatalogReader& reader, AssetSignature& sig) {
  const auto names = reader.table_names(sig.id);
  if (std::find(names.begin(), names.end(), kTickTable) == names.end()) return;
  const record::Table t = reader.read_table(sig.id, kTickTable);
  const auto& frame = t.get<std::int64_t>("frame");
  const auto& pts = t.get<double>("pts_s");
  const auto& phash = t.get<std::int64_t>("phash");
  const auto& motion = t.get<std::int64_t>("motion");
  const double t0 = sig.pts_s.empty() || !std::isfinite(sig.pts_s.front()) ? 0.0 : sig.pts_s.front();
  for (std::size_t i = 0; i < t.rows(); ++i) {
    const auto f = frame[i];
    const bool known = f >= 0 && f < static_cast<std::int64_t>(sig.pts_s.size()) && std::isfinite(sig.pts_s[f]);
    sig.area_pts_s.push_back(known ? sig.pts_s[f] : t0 + pts[i]);
    sig.area_phash.push_back(static_cast<std::uint64_t>(phash[i]));
    sig.area_motion.push_back(static_cast<std::uint64_t>(motion[i]));
  }
}
}  // namespace

std::vector<CatalogSignature> read_catalog_signatures(const std::filesystem::path& catalog_h5) {
  catalog::CatalogReader reader(catalog_h5);
  std::vector<CatalogSignature> out;
  for (const auto& id : reader.asset_ids()) {
    AssetRecord r = reader.read_asset(id, true);
    if (r.series.size() == 0) continue;
    CatalogSignature c;
    c.path = r.path;
    c.sig.id = r.id;
    c.sig.fps = r.fps;
    c.sig.pts_s = std::move(r.series.pts_s);
    c.sig.phash = std::move(r.series.phash);
    c.sig.sha256 = r.fixity.sha256;
    c.sig.thumb = std::move(r.series.thumb);
    read_area_codes(reader, c.sig);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace reelscale::duplicates
