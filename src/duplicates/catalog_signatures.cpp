#include "duplicates/catalog_signatures.hpp"

#include "catalog/catalog_reader.hpp"

namespace reelscale::duplicates {

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
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace reelscale::duplicates
