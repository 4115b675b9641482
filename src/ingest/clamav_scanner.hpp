#pragma once
/// @file clamav_scanner.hpp
/// Optional virus scan of every asset with libclamav against the site's
/// signature database (`--clamav-db DIR`: .cvd/.cld/.hdb/.ndb/... files, as
/// freshclam or sigtool write them; no database ships with reelscale).

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

struct cl_engine;

namespace reelscale::ingest {

/// A compiled libclamav engine (RAII: cl_engine_free). Thread-safe for scan().
/// Scan limits are raised so that whole media files are scanned: max file size and
/// max scan size 2 GiB - 1 (the most libclamav 1.x scans) (libclamav's defaults of 100/400 MiB would pass larger
/// files unscanned).
class ClamavScanner {
 public:
  /// Loads every signature file of `db_dir` (cl_load, CL_DB_STDOPT) and compiles.
  /// @throws std::runtime_error naming the folder and libclamav's error (also when it holds no signature).
  explicit ClamavScanner(const std::filesystem::path& db_dir);
  ~ClamavScanner();
  ClamavScanner(const ClamavScanner&) = delete;
  ClamavScanner& operator=(const ClamavScanner&) = delete;

  /// Scans the open file `fd` (read with pread; the offset is not moved).
  /// @return the signature name when it matches, nullopt when clean.
  /// @throws std::runtime_error when libclamav cannot scan (message names `name`).
  std::optional<std::string> scan(int fd, const std::string& name) const;

  unsigned signatures() const { return signatures_; }  ///< signatures loaded

 private:
  cl_engine* engine_ = nullptr;
  unsigned signatures_ = 0;
};

}  // namespace reelscale::ingest
