#include "duplicates/post_merge.hpp"

#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog_reader.hpp"
#include "catalog/json_sidecar.hpp"
#include "duplicates/catalog_signatures.hpp"
#include "duplicates/duplicates_table.hpp"
#include "duplicates/report_json.hpp"

namespace reelscale::duplicates {

PostMergeSummary write_duplicates(const std::filesystem::path& out, const DuplicateOptions& opt) {
  const std::filesystem::path h5 = out / "catalog.h5";
  auto cat = read_catalog_signatures(h5);
  std::vector<AssetSignature> sigs;
  std::vector<std::string> ids;
  std::vector<std::pair<double, double>> spans;
  for (auto& c : cat) {
    spans.push_back(asset_span(c.sig));
    ids.push_back(c.sig.id);
    sigs.push_back(std::move(c.sig));
  }
  const DuplicateReport rep = find_duplicates(sigs, opt);
  catalog::write_archive_table(h5, duplicates_table(rep, ids, spans, opt.min_seconds));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!std::filesystem::exists(out / "assets" / (ids[i] + ".json"))) continue;
    AssetRecord rec = catalog::read_json_sidecar(out, ids[i]);
    rec.sections["duplicates"] = sidecar_entries(rep, ids, spans, i, opt.min_seconds);
    catalog::write_json_sidecar(out, rec);
  }
  PostMergeSummary s;
  s.assets = ids.size();
  s.exact_groups = rep.exact_groups.size();
  s.encodings = rep.encodings.size();
  for (const auto& m : rep.segments) s.segments += (m.a_end_s - m.a_start_s) + 1e-9 >= opt.min_seconds;
  return s;
}

}  // namespace reelscale::duplicates
