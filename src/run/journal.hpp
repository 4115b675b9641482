#pragma once
/// @file journal.hpp
/// The per-rank append-only journal (OUT/journal/rank-K.jsonl) and the manifest.
///
/// A journal line is appended, and fsync()ed, only after its asset is in the
/// rank's shard (H5Fflush + fsync) and its sidecar is written, so a line is a
/// promise that the record can be read back from that shard. A rank killed while
/// writing a line leaves a torn last line without '\n': readers ignore it.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "record/asset_record.hpp"

namespace reelscale::run {

/// One file to process: what rank 0 saw when it built the manifest.
struct ManifestEntry {
  std::string path;           ///< absolute path as walked (raw bytes)
  std::uint64_t size = 0;     ///< bytes (0 when stat failed)
  std::int64_t mtime_ns = 0;  ///< ns since the epoch (0 when stat failed)
};

/// stat()s every file (following symlinks; failures give size 0, mtime 0), drops
/// duplicate paths and orders largest first (ties by path bytes).
std::vector<ManifestEntry> build_manifest(const std::vector<std::filesystem::path>& files);

/// Writes OUT/manifest.jsonl atomically (temporary file, fsync, rename).
void write_manifest(const std::filesystem::path& out, const std::vector<ManifestEntry>& m);
/// Reads OUT/manifest.jsonl; nullopt when absent. @throws std::runtime_error when unreadable.
std::optional<std::vector<ManifestEntry>> read_manifest(const std::filesystem::path& out);

/// One completed asset.
struct JournalEntry {
  std::string id;
  std::string path;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::string status;  ///< "ok" | "damaged" | "error"
  std::int64_t frames = 0;
  double duration_s = 0;
  double wall_s = 0;
  std::string shard;  ///< layout::shard_name of the shard holding the record
  int attempt = 0;
  int rank = 0;
  std::int64_t seq = 0;  ///< line number within (rank, attempt), from 0

  /// Newer than `o`: later attempt, or same attempt and later line of the same rank.
  bool newer_than(const JournalEntry& o) const { return attempt != o.attempt ? attempt > o.attempt : seq > o.seq; }
};

/// The SHA-256 (FIPS 180-4, OpenSSL EVP via fixity::compute_fixity) of a shard its rank
/// closed: journalled as one line {"shard_sha256": hex, "shard": name, "bytes": n} after the
/// rename, verified before merge and resume use the shard (run::quarantine_corrupt_shards).
struct ShardChecksum {
  std::string shard;     ///< layout::shard_name
  std::string sha256;    ///< lower-case hex, 64 chars
  std::uint64_t bytes = 0;
};

/// Appends lines to OUT/journal/rank-K.jsonl, each write()n whole and fsync()ed.
class JournalWriter {
 public:
  JournalWriter(const std::filesystem::path& out, int rank);
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;
  ~JournalWriter();
  /// @throws std::runtime_error naming the file on a write or fsync failure.
  void append(const JournalEntry& e);
  /// Journals the checksum of a closed shard. @throws std::runtime_error like append().
  void append(const ShardChecksum& c);

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

/// Every well-formed asset line of every OUT/journal/rank-*.jsonl (torn or unparsable
/// lines are skipped; their count goes to *skipped when given; shard checksum lines
/// are not asset lines and are not counted).
std::vector<JournalEntry> read_journals(const std::filesystem::path& out, std::size_t* skipped = nullptr);

/// The checksum journalled for each closed shard (by shard name; the last line wins).
std::map<std::string, ShardChecksum> read_shard_checksums(const std::filesystem::path& out);

/// The highest attempt number found in the journals and shard names (0 if none).
int last_attempt(const std::filesystem::path& out);

/// The newest journal entry per asset id whose record can actually be read back
/// from its shard (shard present — closed or ".partial" — opens as a catalog,
/// holds the asset, header readable with the same path). Entries whose shard
/// is missing or unreadable (a rank killed mid-write can leave a corrupt HDF5
/// file) do not count: those assets are redone on resume.
/// *unreadable (when given) gets the number of entries rejected.
std::map<std::string, JournalEntry> completed_assets(const std::filesystem::path& out,
                                                     std::size_t* unreadable = nullptr);

}  // namespace reelscale::run
