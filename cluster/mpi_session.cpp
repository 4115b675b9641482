#include "cluster/mpi_session.hpp"

#include <mpi.h>
#include <sched.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <thread>

#include <spdlog/spdlog.h>

namespace reelscale::cluster {
namespace {

bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v && *v;
}

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  const long n = std::strtol(v, &end, 10);
  return (end && *end == '\0' && n > 0 && n < 1 << 20) ? int(n) : fallback;
}

}  // namespace

bool MpiSession::launched_by_mpi() {
  return env_set("OMPI_COMM_WORLD_SIZE") || env_set("PMI_RANK") || env_set("PMIX_RANK") || env_set("PMI_SIZE");
}

MpiSession::MpiSession() : uncaught_at_start_(std::uncaught_exceptions()) {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) == 0) host_ = name;
  if (!launched_by_mpi()) {
    // `srun -n 4 reelscale run` without PMI would start 4 independent runs on one OUT.
    if (env_int("SLURM_STEP_NUM_TASKS", 1) > 1)
      throw std::runtime_error("started by srun with " + std::string(std::getenv("SLURM_STEP_NUM_TASKS")) +
                               " tasks but without MPI: use `mpirun` inside the allocation or `srun --mpi=pmix`");
    return;
  }
  int provided = 0;
  if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS)
    throw std::runtime_error("MPI_Init_thread failed");
  mpi_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  if (provided < MPI_THREAD_SERIALIZED && size_ > 1) {
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node);
  MPI_Comm_rank(node, &local_rank_);
  MPI_Comm_size(node, &local_size_);
  MPI_Comm_free(&node);
}

MpiSession::~MpiSession() {
  if (!mpi_) return;
  if (abort_code_ != 0 || std::uncaught_exceptions() > uncaught_at_start_) {
    MPI_Abort(MPI_COMM_WORLD, abort_code_ != 0 ? abort_code_ : 1);
  }
  MPI_Finalize();
}

void MpiSession::abort(int code) const {
  if (mpi_) MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

void wait_quietly(void* request) {
  auto* req = static_cast<MPI_Request*>(request);
  auto nap = std::chrono::microseconds(200);
  for (;;) {
    int done = 0;
    MPI_Test(req, &done, MPI_STATUS_IGNORE);
    if (done) return;
    std::this_thread::sleep_for(nap);
    if (nap < std::chrono::milliseconds(5)) nap *= 2;
  }
}

void MpiSession::broadcast(std::vector<std::int64_t>& values) const {
  if (!mpi_ || size_ == 1) return;
  MPI_Request req;
  MPI_Ibcast(values.data(), int(values.size()), MPI_INT64_T, 0, MPI_COMM_WORLD, &req);
  wait_quietly(&req);
}

void MpiSession::barrier() const {
  if (!mpi_ || size_ == 1) return;
  MPI_Request req;
  MPI_Ibarrier(MPI_COMM_WORLD, &req);
  wait_quietly(&req);
}

int default_threads(int local_size) {
  if (int n = env_int("SLURM_CPUS_PER_TASK", 0); n > 0) return n;
  const int node = std::max(1, int(std::thread::hardware_concurrency()));
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) {
    const int mine = CPU_COUNT(&set);
    if (mine > 0 && mine < node) return mine;  // the launcher already split the node
  }
  return std::max(1, node / std::max(1, local_size));
}

}  // namespace reelscale::cluster
