#pragma once
/// @file mpi_session.hpp
/// RAII over MPI_Init_thread / MPI_Finalize, and the one place that decides
/// whether this process is an MPI rank at all.
///
/// When the process was not started by an MPI launcher (no OMPI_COMM_WORLD_SIZE,
/// PMI_RANK, PMIX_RANK or PMI_SIZE in the environment) MPI is never initialised
/// and the session is a single rank (rank 0 of 1): `reelscale run` without mpirun
/// goes through exactly the same shard/journal/merge code.
///
/// Waiting is done without spinning: OpenMPI's blocking calls busy-poll a core,
/// which on a node whose cores all run pipeline threads would slow the work down,
/// so every wait here is a nonblocking call + MPI_Test + a short sleep.

#include <cstdint>
#include <string>
#include <vector>

namespace reelscale::cluster {

class MpiSession {
 public:
  /// Initialises MPI (MPI_THREAD_SERIALIZED: rank 0's request-serving thread is
  /// the only thread making MPI calls while the main thread works) when launched
  /// by mpirun/srun; otherwise a single rank.
  /// @throws std::runtime_error when started by `srun` with several tasks but
  ///         without MPI (PMI) support, or when MPI_Init_thread fails.
  MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  /// MPI_Finalize; MPI_Abort instead when abort_on_exit() was called or an
  /// exception is unwinding (a rank that failed must not wait for the others).
  ~MpiSession();

  bool mpi() const { return mpi_; }  ///< MPI initialised (launched by mpirun/srun)
  int rank() const { return rank_; }
  int size() const { return size_; }
  int local_rank() const { return local_rank_; }  ///< rank among the ranks on this node
  int local_size() const { return local_size_; }  ///< ranks on this node (MPI_COMM_TYPE_SHARED)
  const std::string& host() const { return host_; }

  /// Terminates every rank with `code` (MPI_Abort); exits the process when not MPI.
  [[noreturn]] void abort(int code) const;
  /// Makes the destructor abort the job instead of finalising.
  void abort_on_exit(int code) { abort_code_ = code; }

  /// Broadcasts `values` from rank 0 to all ranks (nonblocking + sleep-poll).
  void broadcast(std::vector<std::int64_t>& values) const;
  /// Waits for all ranks (MPI_Ibarrier + sleep-poll). No-op for a single rank.
  void barrier() const;

  /// True when the environment says an MPI launcher started this process.
  static bool launched_by_mpi();

 private:
  bool mpi_ = false;
  int rank_ = 0, size_ = 1, local_rank_ = 0, local_size_ = 1;
  int abort_code_ = 0;
  int uncaught_at_start_ = 0;
  std::string host_;
};

/// Waits for an MPI request without busy-polling (MPI_Test, then sleeps of
/// 0.2 ms growing to 5 ms). `request` is an MPI_Request passed as void* so
/// this header stays free of mpi.h.
void wait_quietly(void* request);

/// Default worker threads per rank: SLURM_CPUS_PER_TASK when set; else the
/// CPUs in this process's affinity mask when a launcher bound it to fewer than
/// the node's CPUs; else the node's CPUs divided among its `local_size` ranks (>= 1).
int default_threads(int local_size);

}  // namespace reelscale::cluster
