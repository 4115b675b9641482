#include "run/out_guard.hpp"

#include <cstring>
#include <ctime>
#include <exception>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "catalog/catalog_reader.hpp"
#include "fixity/fixity.hpp"
#include "run/journal.hpp"

namespace reelscale::run {
namespace fs = std::filesystem;
namespace {

const char* const kRunEntries[] = {"catalog.h5", "catalog.h5.partial", "manifest.jsonl", "shards", "journal",
                                   "assets",     "keyframes",          "index"};

std::string utc_stamp() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

}  // namespace

bool holds_run(const fs::path& out) {
  std::error_code ec;
  return fs::exists(out / "catalog.h5", ec) || fs::exists(out / "journal", ec) || fs::exists(out / "shards", ec);
}

fs::path set_aside_previous_run(const fs::path& out) {
  std::error_code ec;
  fs::path dest;
  for (const char* name : kRunEntries) {
    const fs::path p = out / name;
    if (!fs::exists(fs::symlink_status(p, ec))) continue;
    if (dest.empty()) {
      dest = out / "previous" / utc_stamp();
      for (int i = 1; fs::exists(dest, ec); ++i) dest = out / "previous" / (utc_stamp() + "-" + std::to_string(i));
      fs::create_directories(dest);
    }
    fs::rename(p, dest / name);
  }
  return dest;
}

std::int64_t validate_catalog_file(const fs::path& h5, double timeout_s, bool deep) {
  const Guarded g = guarded(
      [&h5, deep] {
        catalog::CatalogReader r(h5);
        const auto ids = r.asset_ids();
        if (!deep) {
          (void)r.read_assets_table();
          return std::int64_t(ids.size());
        }
        for (const auto& id : ids) (void)r.read_asset(id, true);
        return std::int64_t(ids.size());
      },
      timeout_s);
  if (!g.ok) throw std::runtime_error("'" + h5.string() + "' is corrupt or unreadable: " + g.error);
  return g.value;
}

std::string shard_checksum_mismatch(const fs::path& shard, const ShardChecksum& want) {
  Fixity f;
  try {
    f = fixity::compute_fixity(shard);
  } catch (const std::exception& e) {
    return e.what();
  }
  if (f.size == want.bytes && f.sha256 == want.sha256) return {};
  return fmt::format(
      "'{}' does not match the checksum journalled when its rank closed it (SHA-256 {}, {} bytes; "
      "the file has {}, {} bytes)",
      shard.string(), want.sha256, want.bytes, f.sha256, f.size);
}

std::vector<std::string> quarantine_corrupt_shards(const fs::path& out) {
  std::vector<std::string> moved;
  std::error_code ec;
  if (!fs::is_directory(out / "shards", ec)) return moved;
  std::map<std::string, ShardChecksum> sums;
  try {
    sums = read_shard_checksums(out);
  } catch (const std::exception& e) {
    spdlog::warn("shard checksums unreadable ({}): every shard is validated by reading it", e.what());
  }
  for (const auto& de : fs::directory_iterator(out / "shards", ec)) {
    if (!de.is_regular_file(ec)) continue;
    std::string why;
    if (const auto it = sums.find(de.path().filename().string()); it != sums.end()) {
      why = shard_checksum_mismatch(de.path(), it->second);  // intact: the file its rank wrote, not re-read
    } else {
      try {  // no checksum (a ".partial" shard of a rank that died, or an older run): read it in a child
        validate_catalog_file(de.path());
      } catch (const std::exception& e) {
        why = e.what();
      }
    }
    if (why.empty()) continue;
    fs::create_directories(out / "quarantine");
    fs::rename(de.path(), out / "quarantine" / de.path().filename());
    spdlog::error("shard quarantined to '{}': {}; its assets will be redone",
                  (out / "quarantine" / de.path().filename()).string(), why);
    moved.push_back(de.path().filename().string());
  }
  return moved;
}

}  // namespace reelscale::run

#include <sys/file.h>

#include <system_error>

namespace reelscale::run {

bool is_disk_full(const std::exception& e) {
  if (const auto* se = dynamic_cast<const std::system_error*>(&e); se && se->code().value() == ENOSPC) return true;
  const std::string w = e.what();
  return w.find("No space left on device") != std::string::npos || w.find("errno = 28") != std::string::npos;
}

}  // namespace reelscale::run
