#include "run/asset_worker.hpp"

#include <exception>

#include <spdlog/spdlog.h>

#include "run/out_guard.hpp"
#include "catalog/json_sidecar.hpp"
#include "fixity/fixity.hpp"
#include "record/asset_id.hpp"
#include "run/asset_task.hpp"
#include "scenes/keyframes.hpp"

namespace reelscale::run {

AssetWorker::AssetWorker(const RunOptions& opts, int rank, int attempt, int threads)
    : opts_(opts),
      rank_(rank),
      attempt_(attempt),
      arena_(threads),
      shard_(opts.out, rank, attempt),
      journal_(opts.out, rank) {}

AssetRecord AssetWorker::process(const ManifestEntry& e) {
  AssetRecord rec = analyse_isolated(e.path, opts_.pipeline, arena_);
  if (rec.id.empty()) rec.id = record::asset_id_for_path(e.path);
  bool keyframes_ok = true;
  try {
    scenes::write_keyframes(rec, opts_.out);  // JPEG pixels live only in this rank's memory
  } catch (const std::exception& x) {
    if (run::is_disk_full(x)) throw std::runtime_error(std::string("no space left on device: ") + x.what());
    keyframes_ok = false;
    spdlog::error("rank {}: keyframes of '{}' not written ({}): the asset is not journalled, --resume redoes it",
                  rank_, e.path, x.what());
  }
  try {
    shard_.write(rec);                            // H5Fflush + fsync
    catalog::write_json_sidecar(opts_.out, rec);  // atomic rename
  } catch (const std::exception& x) {
    if (run::is_disk_full(x)) throw std::runtime_error(std::string("no space left on device: ") + x.what());
    throw;
  }
  if (!keyframes_ok) return rec;
  JournalEntry j;
  j.id = rec.id;
  j.path = e.path;
  // The stat of the bytes actually read when the pipeline opened the file;
  // the manifest's when it could not be opened.
  const bool opened = rec.fixity.mtime_ns != 0;
  j.size = opened ? rec.fixity.size : e.size;
  j.mtime_ns = opened ? rec.fixity.mtime_ns : e.mtime_ns;
  j.status = to_string(rec.status);
  j.frames = rec.frames;
  j.duration_s = rec.duration_s;
  j.wall_s = rec.wall_s;
  j.shard = shard_.name();
  j.attempt = attempt_;
  j.rank = rank_;
  j.seq = seq_++;
  journal_.append(j);  // fsync: the asset is done
  if (rec.status == AssetStatus::error) spdlog::warn("rank {}: {}: {}", rank_, rec.path, rec.error);
  return rec;
}

}  // namespace reelscale::run

namespace reelscale::run {

void AssetWorker::close() {
  const std::filesystem::path done = shard_.close();
  if (done.empty()) return;
  const Fixity f = fixity::compute_fixity(done);  // one streaming read (MD5 + SHA-256)
  journal_.append(ShardChecksum{shard_.name(), f.sha256, f.size});
}

}  // namespace reelscale::run
