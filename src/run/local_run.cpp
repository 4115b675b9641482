#include "run/local_run.hpp"

#include <chrono>

#include <spdlog/spdlog.h>
#include <tbb/task_arena.h>

#include "catalog/catalog_writer.hpp"
#include "catalog/json_sidecar.hpp"
#include "pipeline/asset_id.hpp"

namespace reelscale::run {

RunTotals run_local(const RunOptions& opts) {
  const auto t0 = std::chrono::steady_clock::now();
  std::filesystem::create_directories(opts.out / "assets");
  catalog::CatalogWriter catalog(opts.out / "catalog.h5");
  tbb::task_arena arena(opts.threads > 0 ? opts.threads : tbb::task_arena::automatic);

  RunTotals totals;
  const auto n = std::int64_t(opts.files.size());
  for (std::int64_t i = 0; i < n; ++i) {
    const auto& file = opts.files[std::size_t(i)];
    AssetRecord rec;
    try {
      arena.execute([&] { rec = pipeline::analyse_asset(file, opts.pipeline); });
    } catch (const std::exception& e) {
      rec = AssetRecord{};
      rec.path = file.string();
      rec.id = pipeline::asset_id_for_path(rec.path);
      rec.status = AssetStatus::error;
      rec.error = std::string("internal error on '") + rec.path + "': " + e.what();
    }
    catalog.write_asset(rec);
    catalog::write_json_sidecar(opts.out, rec);
    totals.add(rec);
    spdlog::info("{}", progress_line(rec, i + 1, n));
  }
  catalog.close();
  totals.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return totals;
}

}  // namespace reelscale::run
