#include "cli/index_command.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "catalog/scene_catalog.hpp"
#include "cli/exit_codes.hpp"
#include "indexes/scene_index.hpp"
#include "run/out_guard.hpp"
#include "run/out_lock.hpp"

namespace reelscale::cli {
namespace fs = std::filesystem;
namespace {

struct IndexArgs {
  std::string out, factory;
  int threads = 2;
  int nprobe = 0;
};

int run_index(const IndexArgs& a) {
  const fs::path out = a.out;
  if (!fs::exists(out / "catalog.h5")) throw UsageError("'" + (out / "catalog.h5").string() + "' not found");
  indexes::IndexOptions o;
  o.factory = a.factory;
  o.omp_threads = a.threads;
  if (a.nprobe > 0) o.ivf_search.nprobe = a.nprobe;
  const run::OutLock lock(out);                                          // one lock for run, merge and index
  run::validate_catalog_file(out / "catalog.h5", 120, /*deep=*/false);  // corrupt: clear error, no crash or hang
  catalog::read_catalog_embedder(out / "catalog.h5");  // refuses a catalog that mixes embedders
  const auto st = indexes::build_indexes(out, o);
  std::printf("indexed %zu scenes (%s) and %zu frames (%s), dim %d, %.1f s\n", st.scenes, st.scene_factory.c_str(),
              st.frames, st.frame_factory.c_str(), st.dim, st.seconds);
  return kExitOk;
}

}  // namespace

void register_index_command(CLI::App& app) {
  auto ia = std::make_shared<IndexArgs>();
  CLI::App* ic = app.add_subcommand("index", "Build OUT/index/scenes.faiss and frames.faiss from OUT/catalog.h5");
  ic->add_option("OUT", ia->out, "Output folder of a run")->required();
  ic->add_option("--index-factory", ia->factory,
                 "Faiss index_factory string for both indexes (default: Flat below 50k vectors, HNSW32,Flat below "
                 "1M, else IVF-PQ built in shards; docs/cluster.md)");
  ic->add_option("--nprobe", ia->nprobe,
                 "IVF lists scanned per query, stored in an IVF-PQ index (default 16; $REELSCALE_NPROBE "
                 "overrides it at query time)")
      ->check(CLI::PositiveNumber);
  ic->add_option("--threads", ia->threads, "Faiss OpenMP threads")->check(CLI::PositiveNumber);
  ic->callback([ia] { throw CommandResult{run_index(*ia)}; });
}

}  // namespace reelscale::cli
