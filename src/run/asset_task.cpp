#include "run/asset_task.hpp"

#include <chrono>
#include <exception>
#include <string>

#include "record/asset_id.hpp"

namespace reelscale::run {

AssetRecord error_record(const std::filesystem::path& file, const std::string& message) {
  AssetRecord rec;
  rec.path = file.string();
  rec.id = record::asset_id_for_path(rec.path);
  rec.status = AssetStatus::error;
  rec.error = message;
  return rec;
}

AssetRecord analyse_isolated(const std::filesystem::path& file, const pipeline::PipelineOptions& opts,
                             tbb::task_arena& arena) {
  const auto t0 = std::chrono::steady_clock::now();
  AssetRecord rec;
  try {
    arena.execute([&] { rec = pipeline::analyse_asset(file, opts); });
  } catch (const std::exception& e) {
    rec = error_record(file, std::string("internal error on '") + file.string() + "': " + e.what());
  } catch (...) {
    rec = error_record(file, std::string("internal error on '") + file.string() + "': unknown exception");
  }
  if (rec.frames > 0) rec.analysis_width = opts.analysis_width;  // query --image measures at this width
  if (rec.wall_s <= 0) rec.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rec;
}

}  // namespace reelscale::run
