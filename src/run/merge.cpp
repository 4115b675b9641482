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

namespace reelscale::run {
namespace fs = std::filesystem;

MergeStats merge_catalog(const fs::path& out) {
  const auto t0 = std::chrono::steady_clock::now();
  MergeStats st;
  std::size_t unreadable = 0;
  std::map<std::string, JournalEntry> done = completed_assets(out, &unreadable);
  st.unreadable = unreadable;

  std::vector<const JournalEntry*> take;
  take.reserve(done.size());
  const auto manifest = read_manifest(out);
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
  std::sort(take.begin(), take.end(), [](const JournalEntry* a, const JournalEntry* b) { return a->path < b->path; });

  const std::size_t total_entries = read_journals(out).size();
  st.superseded = total_entries - done.size() - st.unreadable;

  const fs::path target = layout::catalog_path(out);
  fs::path partial = target;
  partial += layout::kPartialSuffix;
  std::set<std::string> shards;
  {
    catalog::CatalogWriter writer(partial);
    for (const JournalEntry* e : take) {
      const fs::path shard = layout::resolve_shard(out, e->shard);
      writer.copy_asset_from(shard, e->id);
      shards.insert(e->shard);
    }
    writer.close();
  }
  layout::fsync_path(partial);
  fs::rename(partial, target);
  layout::fsync_path(out);
  st.assets = take.size();
  st.shards = shards.size();
  st.bytes = fs::file_size(target);
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return st;
}

}  // namespace reelscale::run
