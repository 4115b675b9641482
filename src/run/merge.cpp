#include "run/merge.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "catalog/catalog_writer.hpp"
#include "run/journal.hpp"
#include "run/out_layout.hpp"
#include "catalog/catalog_reader.hpp"
#include "run/out_guard.hpp"

namespace reelscale::run {
namespace fs = std::filesystem;

namespace {

/// Refuses a merge the file system cannot hold: HDF5 1.10's H5Ocopy crashes (SIGSEGV in
/// H5T_close_real, seen here on a full tmpfs) instead of failing when a write hits ENOSPC.
/// Needs the distinct shards' bytes (plus the catalog carried over) and 1 MiB, free at OUT.
/// @throws std::runtime_error starting "no space left on device" (run::is_disk_full).
void check_space_for_merge(const fs::path& out, const std::vector<const JournalEntry*>& take, const fs::path& carried) {
  std::set<std::string> shards;
  std::uintmax_t need = 1u << 20;
  std::error_code ec;
  for (const JournalEntry* e : take)
    if (shards.insert(e->shard).second) {
      const auto n = fs::file_size(layout::resolve_shard(out, e->shard), ec);
      if (!ec) need += n;
    }
  if (!carried.empty()) {
    const auto n = fs::file_size(carried, ec);
    if (!ec) need += n;
  }
  const fs::space_info sp = fs::space(out, ec);
  if (ec || sp.available >= need) return;
  throw std::runtime_error("no space left on device: merging " + std::to_string(shards.size()) + " shard(s) into '" +
                           layout::catalog_path(out).string() + "' needs about " + std::to_string(need >> 20) +
                           " MiB, " + std::to_string(sp.available >> 20) +
                           " MiB free; the shards are kept: free space, then `reelscale merge OUT` or `run --resume`");
}

/// The journalled assets to merge: those of the manifest when there is one (counting the
/// others in st.not_in_manifest and manifest paths without an entry in st.missing), else all.
std::vector<const JournalEntry*> entries_in_manifest(const std::map<std::string, JournalEntry>& done,
                                                     const std::optional<std::vector<ManifestEntry>>& manifest,
                                                     MergeStats& st) {
  std::vector<const JournalEntry*> take;
  take.reserve(done.size());
  if (manifest) {
    std::set<std::string> paths;
    for (const auto& m : *manifest) paths.insert(m.path);
    std::set<std::string> have;
    for (const auto& [id, e] : done) {
      if (paths.count(e.path)) {
        take.push_back(&e);
        have.insert(e.path);
      } else {
        ++st.not_in_manifest;
      }
    }
    st.missing = paths.size() - have.size();
  } else {
    for (const auto& [id, e] : done) take.push_back(&e);
  }
  return take;
}

}  // namespace

MergeStats merge_catalog(const fs::path& out) {
  const auto t0 = std::chrono::steady_clock::now();
  MergeStats st;
  run::quarantine_corrupt_shards(out);  // a corrupt shard must not crash H5Ocopy below
  const fs::path target0 = layout::catalog_path(out);
  // The catalog being replaced: its assets that no shard holds any more are carried over,
  // so a merge never yields fewer assets than it replaces (shards may have been deleted).
  std::vector<std::string> old_ids;
  std::error_code eci;
  if (fs::exists(target0, eci)) {
    try {
      run::validate_catalog_file(target0, 300, /*deep=*/false);
      old_ids = catalog::list_asset_ids(target0);
    } catch (const std::exception& e) {
      fs::path keep = target0;
      keep += ".corrupt";
      fs::rename(target0, keep);
      spdlog::error("{}; kept as '{}', the catalog is rebuilt from the shards", e.what(), keep.string());
    }
  }
  std::size_t unreadable = 0;
  std::map<std::string, JournalEntry> done = completed_assets(out, &unreadable);
  st.unreadable = unreadable;

  const auto manifest = read_manifest(out);
  std::vector<const JournalEntry*> take = entries_in_manifest(done, manifest, st);
  std::sort(take.begin(), take.end(), [](const JournalEntry* a, const JournalEntry* b) { return a->path < b->path; });

  const std::size_t total_entries = read_journals(out).size();
  st.superseded = total_entries - done.size() - st.unreadable;

  const fs::path target = layout::catalog_path(out);
  check_space_for_merge(out, take, old_ids.empty() ? fs::path() : target0);
  fs::path partial = target;
  partial += layout::kPartialSuffix;
  std::set<std::string> shards;
  {
    catalog::CatalogWriter writer(partial);
    std::set<std::string> taken;
    for (const JournalEntry* e : take) {
      const fs::path shard = layout::resolve_shard(out, e->shard);
      writer.copy_asset_from(shard, e->id);
      shards.insert(e->shard);
      taken.insert(e->id);
    }
    if (!old_ids.empty()) {
      const catalog::CatalogReader old(target0);
      std::set<std::string> manifest_paths;
      if (manifest)
        for (const auto& m : *manifest) manifest_paths.insert(m.path);
      for (const std::string& id : old_ids) {
        if (taken.count(id)) continue;
        writer.copy_asset_from(target0, id);
        ++st.carried;
        if (manifest_paths.count(old.read_asset(id, false).path) && st.missing > 0) --st.missing;
      }
      if (st.carried)
        spdlog::warn("merge: {} asset(s) of the catalog being replaced are in no shard any more: carried over",
                     st.carried);
    }
    writer.close();
  }
  layout::fsync_path(partial);
  fs::rename(partial, target);
  layout::fsync_path(out);
  st.assets = take.size() + st.carried;
  st.shards = shards.size();
  st.bytes = fs::file_size(target);
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return st;
}

}  // namespace reelscale::run
