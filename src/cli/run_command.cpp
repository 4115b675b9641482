#include "cli/run_command.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <opencv2/core/utility.hpp>

#include "archive/input_walker.hpp"
#include "ingest/clamav_scanner.hpp"
#include "cli/capabilities.hpp"
#include "cli/exit_codes.hpp"
#include "cluster/cluster_run.hpp"
#include "cluster/mpi_session.hpp"
#include "embed/embedder_spec.hpp"
#include "indexes/scene_index.hpp"
#include "run/job_spec.hpp"

namespace reelscale::cli {
namespace fs = std::filesystem;
namespace {

struct RunArgs {
  std::vector<std::string> inputs;
  std::string out;
  std::string job;
  int threads = 0;
  int analysis_width = 256;
  bool no_shots = false;
  bool resume = false;
  bool retry_errors = false;
  bool rank0_serves_only = false;
  bool no_audio = false, no_scenes = false, no_index = false;
  std::string decode = "full";
  double break_interval_s = 0, break_offset_s = -1;
  std::string index_factory;
  std::string embedder = record::kDefaultEmbedder;
  std::vector<std::string> include, exclude;
  std::string clamav_db;                  ///< --clamav-db DIR: virus scan of every asset
  std::uint64_t max_file_size = 0;        ///< --max-file-size BYTES (0 = none)
  std::vector<std::string> allow_roots;   ///< --allow-root DIR: where list-file entries may point
  // which options were given on the command line (they override the job spec)
  CLI::Option *o_threads = nullptr, *o_width = nullptr, *o_include = nullptr, *o_exclude = nullptr,
              *o_embedder = nullptr;
  Capabilities caps;  ///< the capability areas' options (cli/capabilities.cpp)
};

/// Checks OUT can be created and written before any work starts.
void check_writable(const fs::path& out) {
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) throw UsageError("cannot create output folder '" + out.string() + "': " + ec.message());
  const fs::path probe = out / ".reelscale-write-test";
  std::FILE* f = std::fopen(probe.c_str(), "w");
  if (!f) throw UsageError("output folder '" + out.string() + "' is not writable");
  std::fclose(f);
  fs::remove(probe, ec);
}

/// Loads (and checks) the scene embedder once; it is shared by every asset and thread.
/// @throws UsageError when `spec` cannot be loaded.
void load_embedder(const std::string& spec, run::RunOptions& opts) {
  try {
    opts.pipeline.embedder = embed::make_embedder(spec);
  } catch (const std::exception& e) {
    throw UsageError(std::string("--embedder: ") + e.what());
  }
  // Candidate frames are embedded in parallel batches already: one OpenCV thread per forward pass.
  cv::setNumThreads(1);
  spdlog::info("embedder: {} ({} floats)", opts.pipeline.embedder->spec(), opts.pipeline.embedder->dim());
}

/// The command line (and --job spec, which it overrides) as RunOptions.
/// @throws UsageError for a bad spec, embedder, input or output folder.
run::RunOptions build_options(const RunArgs& a) {
  std::vector<fs::path> inputs(a.inputs.begin(), a.inputs.end());
  fs::path out = a.out;
  std::vector<std::string> include = a.include, exclude = a.exclude;
  run::RunOptions opts;
  opts.threads = a.threads;
  opts.pipeline.analysis_width = a.analysis_width;
  opts.pipeline.detect_shots = !a.no_shots;
  opts.pipeline.detect_scenes = !a.no_scenes && !a.no_shots;
  opts.pipeline.analyse_audio = !a.no_audio;
  opts.pipeline.fast_decode = a.decode == "fast";
  opts.pipeline.detect_ad_breaks = !a.no_audio && !a.no_shots;
  opts.pipeline.ad_breaks.break_interval_s = a.break_interval_s;
  opts.pipeline.ad_breaks.break_offset_s = a.break_offset_s;
  opts.retry_errors = a.retry_errors;
  opts.pipeline.budget.max_file_bytes = a.max_file_size;
  if (!a.clamav_db.empty()) {
    try {
      auto scanner = std::make_shared<ingest::ClamavScanner>(a.clamav_db);
      spdlog::info("virus scan: {} signature(s) from '{}'", scanner->signatures(), a.clamav_db);
      opts.pipeline.scanner = std::move(scanner);
    } catch (const std::exception& e) {
      throw UsageError(e.what());
    }
  }
  std::string embedder = a.embedder;
  if (!a.job.empty()) {
    run::JobSpec spec;
    try {
      spec = run::load_job_spec(a.job);
    } catch (const std::exception& e) {
      throw UsageError(e.what());
    }
    if (inputs.empty()) inputs = spec.inputs;
    if (out.empty()) out = spec.out;
    if (!a.o_include->count()) include = spec.include;
    if (!a.o_exclude->count()) exclude = spec.exclude;
    if (!a.o_threads->count() && spec.threads) opts.threads = *spec.threads;
    if (!a.o_width->count() && spec.analysis_width) opts.pipeline.analysis_width = *spec.analysis_width;
    if (!a.no_shots && spec.shots) opts.pipeline.detect_shots = *spec.shots;
    if (!a.retry_errors && spec.retry_errors) opts.retry_errors = *spec.retry_errors;
    if (!a.o_embedder->count() && spec.embedder) embedder = *spec.embedder;
  }
  if (opts.pipeline.detect_scenes) load_embedder(embedder, opts);
  if (inputs.empty()) throw UsageError("no input: give --input or a --job spec with \"inputs\"");
  if (out.empty()) throw UsageError("no output folder: give --out or a --job spec with \"out\"");
  opts.out = fs::absolute(out).lexically_normal();
  opts.resume = a.resume;
  opts.rank0_works = !a.rank0_serves_only;
  for (const auto& apply : a.caps.apply) apply(opts);
  archive::WalkOptions walk;
  walk.exclude_dirs = {opts.out};  // a run's own output is never an archive asset
  walk.allowed_roots.assign(a.allow_roots.begin(), a.allow_roots.end());
  opts.collect = [inputs, include, exclude, walk, out = opts.out] {
    std::vector<fs::path> files;
    try {
      for (const fs::path& in : inputs) {
        archive::WalkReport report;
        auto some = archive::filter_by_name(archive::collect_inputs(in, walk, &report), include, exclude);
        for (const auto& [p, why] : report.refused) spdlog::warn("refused '{}': {}", p.string(), why);
        files.insert(files.end(), some.begin(), some.end());
      }
    } catch (const std::exception& e) {
      throw UsageError(e.what());
    }
    check_writable(out);
    std::string from;
    for (const auto& in : inputs) from += (from.empty() ? "'" : ", '") + in.string() + "'";
    spdlog::info("reelscale run: {} asset(s) from {} into '{}'", files.size(), from, out.string());
    return files;
  };
  return opts;
}

/// Archive-wide Faiss indexes over the merged catalog (every rank, after every rank is done:
/// rank 0 reads the catalog and merges; an IVF-PQ index is encoded by all ranks, docs/cluster.md).
void build_index(const RunArgs& a, const run::RunOptions& opts, const cluster::MpiSession& mpi) {
  try {
    indexes::IndexOptions io;
    io.factory = a.index_factory;
    io.rank = mpi.rank();
    io.ranks = mpi.size();
    io.barrier = [&mpi] { mpi.barrier(); };
    const auto st = indexes::build_indexes(opts.out, io);
    if (mpi.rank() != 0) return;
    spdlog::info("indexes: {} scene and {} frame vector(s) ({}, {})", st.scenes, st.frames, st.scene_factory,
                 st.frame_factory);
  } catch (const std::exception& e) {
    spdlog::error("index build failed (rerun `reelscale index {}`): {}", opts.out.string(), e.what());
  }
}

int run(const RunArgs& a) {
  const run::RunOptions opts = build_options(a);
  cluster::MpiSession mpi;
  cluster::ClusterRunResult r;
  try {
    r = cluster::run_cluster(opts, mpi);
  } catch (const cluster::SetupError& e) {  // on rank 0; the other ranks already returned 2
    try {
      std::rethrow_exception(e.cause);
    } catch (const UsageError& u) {
      spdlog::error("{}", u.what());
      return kExitUsage;
    } catch (const std::filesystem::filesystem_error& f) {  // OUT cannot be created: unwritable output
      spdlog::error("{}", f.what());
      return kExitUsage;
    } catch (const std::exception& x) {
      spdlog::error("{}", x.what());
      return kExitFailure;
    }
  } catch (const std::exception& e) {
    // A rank-level failure during the work or the merge: say so, then end every rank.
    if (mpi.mpi() && mpi.size() > 1) {
      spdlog::critical("rank {}: {}", mpi.rank(), e.what());
      mpi.abort(kExitFailure);
    }
    throw;
  }
  if (!a.no_index && opts.pipeline.detect_scenes && r.exit_code != 2) build_index(a, opts, mpi);
  if (mpi.rank() == 0 && opts.progress.finish) opts.progress.finish();  // status.json "done"
  if (mpi.rank() == 0) run::run_post_merge(opts.post_merge, opts.out);  // faces identities, duplicates, report...
  if (mpi.rank() == 0) {
    std::fputs(run::summary_table(r.totals).c_str(), stdout);
    std::fflush(stdout);
  }
  return r.exit_code;  // 0, 1 (assets missing from the catalog) or 2 (setup failed, on ranks > 0)
}

}  // namespace

void register_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd =
      app.add_subcommand("run",
                         "Process an archive: fixity, metadata, per-frame measures, shots, catalog. "
                         "Under mpirun/srun the assets are shared out among the MPI ranks (docs/cluster.md)");
  cmd->add_option("-i,--input", args->inputs,
                  "Folder to walk recursively, a list file (one path per line or NUL-separated), or one "
                  "media file (repeatable)");
  cmd->add_option("-o,--out", args->out, "Output folder (catalog.h5, assets/*.json, shards/, journal/)");
  cmd->add_option("--job", args->job,
                  "Campaign spec jobs/<name>.json (inputs, globs, out, options); "
                  "command-line options override it")
      ->check(CLI::ExistingFile);
  args->o_threads = cmd->add_option("-t,--threads", args->threads,
                                    "Worker threads per rank (0 = the node's cores divided among its ranks)")
                        ->check(CLI::NonNegativeNumber);
  args->o_width =
      cmd->add_option("--analysis-width", args->analysis_width, "Width in pixels of the grey analysis image")
          ->check(CLI::Range(32, 4096));
  args->o_include = cmd->add_option("--include", args->include, "Only files whose name matches this glob (repeatable)");
  args->o_exclude = cmd->add_option("--exclude", args->exclude, "Skip files whose name matches this glob (repeatable)");
  cmd->add_flag("--no-shots", args->no_shots, "Skip shot detection (per-frame measures only)");
  cmd->add_flag("--no-scenes", args->no_scenes, "Skip embeddings, scene grouping and keyframes");
  cmd->add_flag("--no-audio", args->no_audio, "Skip audio analysis (loudness, silences) and ad breaks");
  cmd->add_option("--decode", args->decode,
                  "'full' (default) or 'fast': reduced decoding, every frame still decoded (libavcodec lowres "
                  "down to the analysis width for MPEG-1/2, MPEG-4 ASP, MJPEG, DV; no deblocking filter for "
                  "H.264/HEVC/VP8); measured shot F1 cost in bench/README.md")
      ->check(CLI::IsMember({"full", "fast"}));
  cmd->add_flag("--no-index", args->no_index, "Do not build the Faiss indexes after the merge");
  args->o_embedder = cmd->add_option(
      "--embedder", args->embedder,
      "Frame embedder: 'gist' (default, 432 floats) or "
      "'onnx:PATH[,size=WxH][,mean=a:b:c][,std=a:b:c][,rgb|bgr][,output=NAME]', an ONNX image model run with "
      "OpenCV DNN on the candidate frames (defaults 224x224, RGB, ImageNet mean/std on 0..1, the network's last "
      "output; docs/scenes.md). Stored in catalog.h5; `query --image` uses the same one");
  cmd->add_option("--index-factory", args->index_factory,
                  "Faiss index_factory string for the scene and frame indexes (default: chosen by size)");
  cmd->add_option("--break-interval", args->break_interval_s,
                  "Seconds between ad-break marks (0 = Media2Cloud ladder from the programme's duration)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--break-offset", args->break_offset_s,
                  "Seconds a break may move around its mark (< 0 = ladder default)");
  cmd->add_flag("--resume", args->resume,
                "Continue the run in OUT: skip assets already completed with the same path, size and mtime, "
                "redo the rest (without it an earlier run in OUT is discarded)");
  cmd->add_option("--clamav-db", args->clamav_db,
                  "Scan every asset with libclamav against the signature files of this folder (.cvd/.cld/.hdb/...); "
                  "a match is recorded 'rejected' with the signature name and not analysed")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--max-file-size", args->max_file_size, "Refuse (error asset) files larger than this many bytes");
  cmd->add_option("--allow-root", args->allow_roots,
                  "Folder that list-file entries may point into besides the list's own folder (repeatable); "
                  "other entries are refused, never read");
  cmd->add_flag("--retry-errors", args->retry_errors, "With --resume: also redo assets whose status was error");
  cmd->add_flag("--rank0-serves-only", args->rank0_serves_only,
                "Rank 0 only hands out work and does not process assets itself (for measurements)");
  register_capability_options(*cmd, args->caps);
  cmd->callback([args] { throw CommandResult{run(*args)}; });
}

}  // namespace reelscale::cli
