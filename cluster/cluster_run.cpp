#include "scenes/keyframes.hpp"
#include "cluster_run.hpp"

#include <fcntl.h>
#include <mpi.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <tbb/task_arena.h>

#include "catalog/json_sidecar.hpp"
#include "catalog/scene_catalog.hpp"
#include "journal.hpp"
#include "merge.hpp"
#include "mpi_session.hpp"
#include "out_layout.hpp"
#include "pipeline/asset_id.hpp"
#include "run/asset_task.hpp"
#include "run/out_guard.hpp"
#include "shard.hpp"

namespace reelscale::cluster {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kTagRequest = 101;  ///< worker -> rank 0: DoneMsg (result of the previous asset, if any)
constexpr int kTagAssign = 102;   ///< rank 0 -> worker: AssignHeader + path bytes; index -1 = no more work
constexpr int kMaxPath = 65536;

/// What a worker tells rank 0 with each request.
struct DoneMsg {
  std::int64_t index = -1;  ///< manifest index of the asset just finished; -1 on the first request
  std::int32_t status = -1; ///< AssetStatus
  std::int32_t pad = 0;
  std::int64_t frames = 0;
  double duration_s = 0;
  double wall_s = 0;
};

struct AssignHeader {
  std::int64_t index = -1;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
};

struct Task {
  std::int64_t index = -1;
  ManifestEntry entry;
};

std::string hms(double s) {
  if (!std::isfinite(s) || s < 0) return "--:--:--";
  const auto t = std::int64_t(s + 0.5);
  return fmt::format("{}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60);
}

/// Rank 0's view of the whole job: the queue and the progress line.
class Coordinator {
 public:
  Coordinator(std::vector<ManifestEntry> todo) : todo_(std::move(todo)) {
    for (const auto& e : todo_) total_bytes_ += double(e.size);
  }

  std::optional<Task> pop() {
    std::lock_guard lock(mu_);
    if (next_ >= todo_.size()) return std::nullopt;
    Task t{std::int64_t(next_), todo_[next_]};
    ++next_;
    return t;
  }

  void complete(std::int64_t index, int rank, AssetStatus status, std::int64_t frames, double duration_s,
                double wall_s, const std::string& error) {
    std::lock_guard lock(mu_);
    const ManifestEntry& e = todo_.at(std::size_t(index));
    AssetRecord rec;
    rec.path = e.path;
    rec.status = status;
    rec.frames = frames;
    rec.duration_s = duration_s;
    rec.wall_s = wall_s;
    rec.error = error;
    totals_.add(rec);
    ++done_;
    done_bytes_ += double(e.size);
    const double wall = std::chrono::duration<double>(Clock::now() - t0_).count();
    const double media_rate = wall > 0 ? totals_.media_s / wall : 0;  // hours of media per hour
    // ETA from bytes: the queue is largest first, so counts would be optimistic.
    const double left = total_bytes_ - done_bytes_;
    double eta = done_bytes_ > 0 ? wall * left / done_bytes_ : NAN;
    if (done_ == todo_.size()) eta = 0;
    spdlog::info("{}  rank {} | {:.2f} h media/h wall | ETA {}",
                 run::progress_line(rec, std::int64_t(done_), std::int64_t(todo_.size())), rank,
                 media_rate, hms(eta));
  }

  run::RunTotals totals() const {
    std::lock_guard lock(mu_);
    return totals_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<ManifestEntry> todo_;
  std::size_t next_ = 0, done_ = 0;
  double total_bytes_ = 0, done_bytes_ = 0;
  run::RunTotals totals_;
  Clock::time_point t0_ = Clock::now();
};

/// Processes assets on one rank: pipeline, shard, sidecar, journal.
class Worker {
 public:
  Worker(const ClusterRunOptions& opts, int rank, int attempt, int threads)
      : opts_(opts), rank_(rank), attempt_(attempt), arena_(threads), shard_(opts.out, rank, attempt),
        journal_(opts.out, rank) {}

  AssetRecord process(const ManifestEntry& e) {
    AssetRecord rec = run::analyse_isolated(e.path, opts_.pipeline, arena_);
    if (rec.id.empty()) rec.id = pipeline::asset_id_for_path(e.path);
    bool keyframes_ok = true;
    try {
      scenes::write_keyframes(rec, opts_.out);       // JPEG pixels live only in this rank's memory
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
    journal_.append(j);                             // fsync: the asset is done
    if (rec.status == AssetStatus::error) spdlog::warn("rank {}: {}: {}", rank_, rec.path, rec.error);
    return rec;
  }

  void close() { shard_.close(); }

 private:
  const ClusterRunOptions& opts_;
  int rank_, attempt_;
  tbb::task_arena arena_;
  ShardWriter shard_;
  JournalWriter journal_;
  std::int64_t seq_ = 0;
};

/// Serves work requests of ranks 1..N-1 until each has been told to stop.
/// The only thread making MPI calls while it runs (MPI_THREAD_SERIALIZED).
void serve(Coordinator& coord, int size) {
  int active = size - 1;
  std::vector<char> buf(sizeof(AssignHeader) + kMaxPath);
  auto nap = std::chrono::microseconds(100);
  while (active > 0) {
    int flag = 0;
    MPI_Status st;
    MPI_Iprobe(MPI_ANY_SOURCE, kTagRequest, MPI_COMM_WORLD, &flag, &st);
    if (!flag) {
      std::this_thread::sleep_for(nap);
      if (nap < std::chrono::milliseconds(2)) nap *= 2;
      continue;
    }
    nap = std::chrono::microseconds(100);
    DoneMsg m;
    MPI_Recv(&m, sizeof m, MPI_BYTE, st.MPI_SOURCE, kTagRequest, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (m.index >= 0)
      coord.complete(m.index, st.MPI_SOURCE, static_cast<AssetStatus>(m.status), m.frames, m.duration_s,
                     m.wall_s, "");
    AssignHeader h;
    int len = sizeof h;
    if (auto t = coord.pop()) {
      h.index = t->index;
      h.size = t->entry.size;
      h.mtime_ns = t->entry.mtime_ns;
      const std::size_t n = std::min<std::size_t>(t->entry.path.size(), kMaxPath);
      std::memcpy(buf.data() + sizeof h, t->entry.path.data(), n);
      len += int(n);
    } else {
      --active;
    }
    std::memcpy(buf.data(), &h, sizeof h);
    MPI_Send(buf.data(), len, MPI_BYTE, st.MPI_SOURCE, kTagAssign, MPI_COMM_WORLD);
  }
}

/// The loop of ranks 1..N-1: ask rank 0 for work (reporting the last result) until told to stop.
void work_remote(Worker& w, int rank) {
  DoneMsg last;
  std::vector<char> buf(sizeof(AssignHeader) + kMaxPath);
  std::int64_t requests = 0;
  double waited_s = 0;  // time between asking for work and getting the answer
  struct Report {
    int rank;
    std::int64_t& requests;
    double& waited_s;
    ~Report() {
      spdlog::info("rank {}: {} work request(s), {:.1f} ms waiting for answers ({:.2f} ms per request)", rank,
                   requests, waited_s * 1e3, requests ? waited_s * 1e3 / double(requests) : 0.0);
    }
  } report{rank, requests, waited_s};
  for (;;) {
    const auto t_ask = Clock::now();
    ++requests;
    MPI_Request req[2];
    MPI_Irecv(buf.data(), int(buf.size()), MPI_BYTE, 0, kTagAssign, MPI_COMM_WORLD, &req[1]);
    MPI_Isend(&last, sizeof last, MPI_BYTE, 0, kTagRequest, MPI_COMM_WORLD, &req[0]);
    wait_quietly(&req[0]);
    MPI_Status st;
    for (;;) {  // wait_quietly without losing the status
      int done = 0;
      MPI_Test(&req[1], &done, &st);
      if (done) break;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    waited_s += std::chrono::duration<double>(Clock::now() - t_ask).count();
    int count = 0;
    MPI_Get_count(&st, MPI_BYTE, &count);
    AssignHeader h;
    std::memcpy(&h, buf.data(), sizeof h);
    if (h.index < 0) return;
    ManifestEntry e;
    e.path.assign(buf.data() + sizeof h, std::size_t(count) - sizeof h);
    e.size = h.size;
    e.mtime_ns = h.mtime_ns;
    const AssetRecord rec = w.process(e);
    last.index = h.index;
    last.status = static_cast<std::int32_t>(rec.status);
    last.frames = rec.frames;
    last.duration_s = rec.duration_s;
    last.wall_s = rec.wall_s;
  }
}

struct Setup {
  int attempt = 0;
  std::vector<ManifestEntry> todo;
  std::size_t manifest_size = 0;
};

Setup prepare(const ClusterRunOptions& opts) {
  const auto t0 = Clock::now();
  Setup s;
  // The input first: a typo in --input or a missing job folder leaves OUT as it was.
  const std::vector<fs::path> files = opts.collect ? opts.collect() : std::vector<fs::path>{};
  if (!opts.resume) {
    if (const fs::path prev = run::set_aside_previous_run(opts.out); !prev.empty())
      spdlog::warn("'{}' held an earlier run: moved it to '{}' (nothing deleted; pass --resume to continue a run "
                   "instead)", opts.out.string(), prev.string());
  } else {
    run::quarantine_corrupt_shards(opts.out);  // HDF5 reads of untrusted shards in a guarded child first
  }
  s.attempt = last_attempt(opts.out) + 1;
  std::vector<ManifestEntry> manifest = build_manifest(files);
  const double t_manifest = std::chrono::duration<double>(Clock::now() - t0).count();
  s.manifest_size = manifest.size();
  std::size_t skipped = 0;
  if (opts.resume && opts.pipeline.detect_scenes && fs::exists(layout::catalog_path(opts.out))) {
    // Skipped assets keep their vectors: one catalog holds one embedder.
    const std::string want = opts.pipeline.embedder ? opts.pipeline.embedder->spec() : "gist";
    catalog::CatalogEmbedder had;
    try {
      run::validate_catalog_file(layout::catalog_path(opts.out), 300, /*deep=*/false);  // a corrupt catalog: clear error, no hang
      had = catalog::read_catalog_embedder(layout::catalog_path(opts.out));
    } catch (const std::exception& e) {
      spdlog::warn("resume: cannot read the embedder of the earlier catalog: {}", e.what());
    }
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
      const auto it = done.find(pipeline::asset_id_for_path(e.path));
      const bool complete = it != done.end() && it->second.path == e.path && it->second.size == e.size &&
                            it->second.mtime_ns == e.mtime_ns &&
                            !(opts.retry_errors && it->second.status == "error");
      if (complete) ++skipped;
      else s.todo.push_back(e);
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
  spdlog::info("manifest of {} file(s) built in {:.6f} s; setup (manifest, resume check) {:.6f} s",
               manifest.size(), t_manifest, std::chrono::duration<double>(Clock::now() - t0).count());
  return s;
}

}  // namespace

ClusterRunResult run_cluster(const ClusterRunOptions& opts, MpiSession& mpi) {
  const auto t0 = Clock::now();
  const int rank = mpi.rank(), size = mpi.size();
  const int threads = opts.threads > 0 ? opts.threads : default_threads(mpi.local_size());

  // ---- setup on rank 0, outcome broadcast ----
  std::optional<run::OutLock> lock;
  Setup setup;
  std::exception_ptr setup_error;
  std::vector<std::int64_t> hdr{0, 0, 0};
  if (rank == 0) {
    try {
      fs::create_directories(opts.out);
      lock.emplace(opts.out);
      setup = prepare(opts);
      hdr = {0, setup.attempt, std::int64_t(setup.todo.size())};
    } catch (...) {
      setup_error = std::current_exception();
      hdr = {2, 0, 0};
    }
  }
  mpi.broadcast(hdr);
  if (hdr[0] != 0) {
    if (setup_error) {
      std::string what = "setup failed";
      try {
        std::rethrow_exception(setup_error);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      throw SetupError(what, setup_error);
    }
    return {int(hdr[0]), {}};
  }
  const int attempt = int(hdr[1]);
  if (rank == 0)
    spdlog::info("{} rank(s) x {} thread(s); attempt {}; {} asset(s) to process{}", size, threads, attempt,
                 hdr[2], size > 1 && !opts.rank0_works ? " (rank 0 only serves)" : "");
  spdlog::debug("rank {}/{} on {}: {} thread(s)", rank, size, mpi.host(), threads);

  // ---- work ----
  ClusterRunResult result;
  Worker worker(opts, rank, attempt, threads);
  if (rank == 0) {
    Coordinator coord(std::move(setup.todo));
    std::thread server;
    if (size > 1)
      server = std::thread([&] {
        try {
          serve(coord, size);
        } catch (const std::exception& e) {
          spdlog::critical("rank 0 request server failed: {}", e.what());
          mpi.abort(1);
        }
      });
    try {
      if (opts.rank0_works || size == 1) {
        while (auto t = coord.pop()) {
          const AssetRecord rec = worker.process(t->entry);
          coord.complete(t->index, 0, rec.status, rec.frames, rec.duration_s, rec.wall_s, rec.error);
        }
      }
      worker.close();
    } catch (const std::exception& e) {
      spdlog::critical("rank 0 failed: {}", e.what());
      mpi.abort(1);
    }
    if (server.joinable()) server.join();
    result.totals = coord.totals();
  } else {
    work_remote(worker, rank);
    worker.close();
  }
  mpi.barrier();  // every shard closed and renamed

  // ---- merge on rank 0 ----
  if (rank == 0) {
    const MergeStats m = merge_catalog(opts.out);
    spdlog::info("merged {} asset(s) from {} shard(s) into '{}' in {:.2f} s ({:.1f} MiB)", m.assets, m.shards,
                 layout::catalog_path(opts.out).string(), m.seconds, double(m.bytes) / (1 << 20));
    if (m.missing) {
      spdlog::error("{} file(s) of the manifest have no record in the catalog", m.missing);
      result.exit_code = 1;
    }
    result.totals.skipped = std::int64_t(setup.manifest_size - std::size_t(hdr[2]));
    result.totals.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
  }
  mpi.barrier();  // keep ranks idle (not spinning in MPI_Finalize) during the merge
  return result;
}

}  // namespace reelscale::cluster
