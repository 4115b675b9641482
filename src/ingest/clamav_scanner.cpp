#include "ingest/clamav_scanner.hpp"

#include <mutex>
#include <stdexcept>

#include <clamav.h>

namespace reelscale::ingest {
namespace {

void init_once() {
  static std::once_flag once;
  static cl_error_t rc = CL_SUCCESS;
  std::call_once(once, [] { rc = cl_init(CL_INIT_DEFAULT); });
  if (rc != CL_SUCCESS) throw std::runtime_error(std::string("libclamav init failed: ") + cl_strerror(rc));
}

}  // namespace

ClamavScanner::ClamavScanner(const std::filesystem::path& db_dir) {
  init_once();
  engine_ = cl_engine_new();
  if (!engine_) throw std::runtime_error("libclamav: cannot create an engine");
  const std::string where = "--clamav-db '" + db_dir.string() + "'";
  cl_error_t rc = cl_load(db_dir.c_str(), engine_, &signatures_, CL_DB_STDOPT);
  if (rc != CL_SUCCESS) {
    cl_engine_free(engine_);
    throw std::runtime_error(where + ": cannot load signatures: " + cl_strerror(rc));
  }
  if (signatures_ == 0) {
    cl_engine_free(engine_);
    throw std::runtime_error(where + ": holds no signature");
  }
  const long long limit = (2LL << 30) - 1;  // libclamav 1.x scans at most 2 GiB - 1
  cl_engine_set_num(engine_, CL_ENGINE_MAX_FILESIZE, limit);
  cl_engine_set_num(engine_, CL_ENGINE_MAX_SCANSIZE, limit);
  if ((rc = cl_engine_compile(engine_)) != CL_SUCCESS) {
    cl_engine_free(engine_);
    throw std::runtime_error(where + ": cannot compile signatures: " + cl_strerror(rc));
  }
}

ClamavScanner::~ClamavScanner() {
  if (engine_) cl_engine_free(engine_);
}

std::optional<std::string> ClamavScanner::scan(int fd, const std::string& name) const {
  const char* virname = nullptr;
  unsigned long scanned = 0;
  cl_scan_options opts{};
  opts.parse = ~0u;  // archives, documents, executables: every parser
  const cl_error_t rc = cl_scandesc(fd, name.c_str(), &virname, &scanned, engine_, &opts);
  if (rc == CL_VIRUS) return std::string(virname ? virname : "unnamed signature");
  if (rc == CL_CLEAN) return std::nullopt;
  throw std::runtime_error("virus scan of '" + name + "' failed: " + cl_strerror(rc));
}

}  // namespace reelscale::ingest
