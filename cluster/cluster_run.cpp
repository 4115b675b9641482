#include "cluster/cluster_run.hpp"

#include <mpi.h>

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

#include "cluster/mpi_session.hpp"
#include "run/asset_worker.hpp"
#include "run/merge.hpp"
#include "run/out_layout.hpp"
#include "run/out_lock.hpp"
#include "run/run_setup.hpp"
#include "run/work_queue.hpp"

namespace reelscale::cluster {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kTagRequest = 101;  ///< worker -> rank 0: DoneMsg (result of the previous asset, if any)
constexpr int kTagAssign = 102;   ///< rank 0 -> worker: AssignHeader + path bytes; index -1 = no more work
constexpr int kMaxPath = 65536;

/// What a worker tells rank 0 with each request.
struct DoneMsg {
  std::int64_t index = -1;   ///< manifest index of the asset just finished; -1 on the first request
  std::int32_t status = -1;  ///< AssetStatus
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

/// Serves work requests of ranks 1..N-1 until each has been told to stop.
/// The only thread making MPI calls while it runs (MPI_THREAD_SERIALIZED).
void serve(run::WorkQueue& coord, int size) {
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
      coord.complete(m.index, st.MPI_SOURCE, static_cast<AssetStatus>(m.status), m.frames, m.duration_s, m.wall_s, "");
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
void work_remote(run::AssetWorker& w, int rank) {
  DoneMsg last;
  std::vector<char> buf(sizeof(AssignHeader) + kMaxPath);
  std::int64_t requests = 0;
  double waited_s = 0;  // time between asking for work and getting the answer
  struct Report {
    int rank;
    std::int64_t& requests;
    double& waited_s;
    ~Report() {
      spdlog::info("rank {}: {} work request(s), {:.1f} ms waiting for answers ({:.2f} ms per request)", rank, requests,
                   waited_s * 1e3, requests ? waited_s * 1e3 / double(requests) : 0.0);
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
    run::ManifestEntry e;
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

/// Rank 0's part of the work: serves the other ranks from a thread (when there are any)
/// and processes assets itself unless it only serves. Returns the run's totals.
run::RunTotals work_rank0(const ClusterRunOptions& opts, MpiSession& mpi, run::AssetWorker& worker,
                          std::vector<run::ManifestEntry> todo) {
  const int size = mpi.size();
  run::WorkQueue coord(std::move(todo));
  coord.set_progress(&opts.progress);
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
        coord.complete(t->index, 0, rec.status, rec.frames, rec.duration_s, rec.wall_s, rec.error, &rec.stage_cpu_s);
      }
    }
    worker.close();
  } catch (const std::exception& e) {
    spdlog::critical("rank 0 failed: {}", e.what());
    mpi.abort(1);
  }
  if (server.joinable()) server.join();
  return coord.totals();
}

/// The outcome of the setup on rank 0, broadcast to every rank.
struct SharedSetup {
  std::optional<run::OutLock> lock;        ///< rank 0 only
  run::RunSetup setup;                     ///< rank 0 only
  std::vector<std::int64_t> hdr{0, 0, 0};  ///< {exit code (0 = go on), attempt, assets to process}
};

/// Runs the setup on rank 0 (OUT lock, manifest, resume check) and broadcasts its
/// outcome. @throws SetupError on rank 0 when it failed (other ranks get hdr[0] = 2).
void setup_and_broadcast(const ClusterRunOptions& opts, MpiSession& mpi, SharedSetup& s) {
  std::exception_ptr setup_error;
  if (mpi.rank() == 0) {
    try {
      fs::create_directories(opts.out);
      s.lock.emplace(opts.out);
      s.setup = run::prepare_run(opts);
      s.hdr = {0, s.setup.attempt, std::int64_t(s.setup.todo.size())};
    } catch (...) {
      setup_error = std::current_exception();
      s.hdr = {2, 0, 0};
    }
  }
  mpi.broadcast(s.hdr);
  if (!setup_error) return;
  std::string what = "setup failed";
  try {
    std::rethrow_exception(setup_error);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  throw SetupError(what, setup_error);
}

}  // namespace

ClusterRunResult run_cluster(const ClusterRunOptions& opts, MpiSession& mpi) {
  const auto t0 = Clock::now();
  const int rank = mpi.rank(), size = mpi.size();
  const int threads = opts.threads > 0 ? opts.threads : default_threads(mpi.local_size());

  // ---- setup on rank 0, outcome broadcast ----
  SharedSetup shared;
  setup_and_broadcast(opts, mpi, shared);
  const std::vector<std::int64_t>& hdr = shared.hdr;
  run::RunSetup& setup = shared.setup;
  if (hdr[0] != 0) return {int(hdr[0]), {}};
  const int attempt = int(hdr[1]);
  if (rank == 0)
    spdlog::info("{} rank(s) x {} thread(s); attempt {}; {} asset(s) to process{}", size, threads, attempt, hdr[2],
                 size > 1 && !opts.rank0_works ? " (rank 0 only serves)" : "");
  spdlog::debug("rank {}/{} on {}: {} thread(s)", rank, size, mpi.host(), threads);

  // ---- work ----
  ClusterRunResult result;
  run::AssetWorker worker(opts, rank, attempt, threads);
  if (rank == 0) {
    result.totals = work_rank0(opts, mpi, worker, std::move(setup.todo));
  } else {
    work_remote(worker, rank);
    worker.close();
  }
  mpi.barrier();  // every shard closed and renamed

  // ---- merge on rank 0 ----
  if (rank == 0) {
    const run::MergeStats m = run::merge_catalog(opts.out);
    spdlog::info("merged {} asset(s) from {} shard(s) into '{}' in {:.2f} s ({:.1f} MiB)", m.assets, m.shards,
                 run::layout::catalog_path(opts.out).string(), m.seconds, double(m.bytes) / (1 << 20));
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
