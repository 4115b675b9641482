#include "run/run_setup.hpp"

#include <chrono>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "run/out_guard.hpp"
#include "catalog/scene_catalog.hpp"
#include "record/asset_id.hpp"
#include "run/out_layout.hpp"

namespace reelscale::run {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// Removes the state of an earlier run (a run without --resume starts afresh).

RunSetup prepare_run(const RunOptions& opts) {
  const auto t0 = Clock::now();
  RunSetup s;
  // The input first: a typo in --input or a missing job folder leaves OUT as it was.
  const std::vector<fs::path> files = opts.collect ? opts.collect() : std::vector<fs::path>{};
  if (!opts.resume) {
    if (const fs::path prev = set_aside_previous_run(opts.out); !prev.empty())
      spdlog::warn("'{}' held an earlier run: moved it to '{}' (nothing deleted; pass --resume to continue a run "
                   "instead)", opts.out.string(), prev.string());
  } else {
    quarantine_corrupt_shards(opts.out);  // HDF5 reads of untrusted shards in a guarded child first
  }
  s.attempt = last_attempt(opts.out) + 1;
  std::vector<ManifestEntry> manifest = build_manifest(files);
  const double t_manifest = std::chrono::duration<double>(Clock::now() - t0).count();
  s.manifest_size = manifest.size();
  std::size_t skipped = 0;
  if (opts.resume && opts.pipeline.detect_scenes && fs::exists(layout::catalog_path(opts.out))) {
    // Skipped assets keep their vectors: one catalog holds one embedder.
    const std::string want = opts.pipeline.embedder ? opts.pipeline.embedder->spec() : record::kDefaultEmbedder;
    catalog::CatalogEmbedder had;
    try {
      validate_catalog_file(layout::catalog_path(opts.out), 300, /*deep=*/false);  // corrupt: clear error, no hang
      had = catalog::read_catalog_embedder(layout::catalog_path(opts.out));
    } catch (const std::exception& e) {
      spdlog::warn("resume: cannot read the embedder of the earlier catalog: {}", e.what());
    }
    if (had.dim > 0 && had.analysis_width != opts.pipeline.analysis_width)
      throw std::runtime_error("--resume: '" + opts.out.string() + "' was measured with --analysis-width " +
                               std::to_string(had.analysis_width) + ", this run uses " +
                               std::to_string(opts.pipeline.analysis_width) +
                               "; one catalog holds one analysis width (query --image measures at it): give the same "
                               "--analysis-width, or start a new run without --resume");
    if (had.dim > 0 && had.spec != want)
      throw std::runtime_error("--resume: '" + opts.out.string() + "' was embedded with '" + had.spec +
                               "', this run uses '" + want +
                               "'; one catalog holds one embedder: give the same --embedder, or start a new run "
                               "without --resume");
  }
  if (opts.resume) {
    std::size_t unreadable = 0;
    const auto done = completed_assets(opts.out, &unreadable);
    for (const auto& e : manifest) {
      const auto it = done.find(record::asset_id_for_path(e.path));
      const bool complete = it != done.end() && it->second.path == e.path && it->second.size == e.size &&
                            it->second.mtime_ns == e.mtime_ns && !(opts.retry_errors && it->second.status == "error");
      if (complete)
        ++skipped;
      else
        s.todo.push_back(e);
    }
    spdlog::info("resume: attempt {}: {} of {} asset(s) already complete, {} to do{}", s.attempt, skipped,
                 manifest.size(), s.todo.size(),
                 unreadable ? fmt::format(" ({} journal entr(ies) not readable back: redone)", unreadable) : "");
  } else {
    s.todo = manifest;
  }
  write_manifest(opts.out, manifest);
  for (const fs::path& d : {layout::shards_dir(opts.out), layout::journal_dir(opts.out), layout::assets_dir(opts.out)})
    fs::create_directories(d);
  spdlog::info("manifest of {} file(s) built in {:.6f} s; setup (manifest, resume check) {:.6f} s", manifest.size(),
               t_manifest, std::chrono::duration<double>(Clock::now() - t0).count());
  return s;
}

}  // namespace reelscale::run
