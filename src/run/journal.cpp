#include "run/journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "catalog/catalog_reader.hpp"
#include "catalog/json_sidecar.hpp"
#include "run/out_layout.hpp"
#include "util/atomic_file.hpp"
#include "util/hex.hpp"
#include "util/utf8.hpp"

namespace reelscale::run {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace layout {

fs::path resolve_shard(const fs::path& out, const std::string& name) {
  std::error_code ec;
  const fs::path done = shards_dir(out) / name;
  if (fs::is_regular_file(done, ec)) return done;
  fs::path partial = done;
  partial += kPartialSuffix;
  if (fs::is_regular_file(partial, ec)) return partial;
  return {};
}

bool fsync_path(const fs::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace layout

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read '" + p.string() + "'");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Calls f(line) for each complete ('\n'-terminated) line; returns the number of
/// bytes after the last '\n' (a torn line).
template <class F>
std::size_t for_each_line(const std::string& text, F&& f) {
  std::size_t start = 0;
  for (;;) {
    const auto nl = text.find('\n', start);
    if (nl == std::string::npos) break;
    if (nl > start) f(std::string_view(text).substr(start, nl - start));
    start = nl + 1;
  }
  return text.size() - start;
}

void write_all(int fd, const std::string& s, const fs::path& p) {
  std::size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("cannot write '" + p.string() + "': " + std::strerror(errno));
    }
    done += std::size_t(n);
  }
}

json manifest_json(const ManifestEntry& e) {
  return json{{"path", util::sanitize_utf8(e.path)},
              {"path_hex", util::to_hex(e.path)},
              {"size", e.size},
              {"mtime_ns", e.mtime_ns}};
}

}  // namespace

std::vector<ManifestEntry> build_manifest(const std::vector<fs::path>& files) {
  std::vector<ManifestEntry> m;
  m.reserve(files.size());
  std::set<std::string> seen;
  for (const fs::path& f : files) {
    ManifestEntry e;
    e.path = f.string();
    if (!seen.insert(e.path).second) continue;
    struct stat st {};
    if (::stat(e.path.c_str(), &st) == 0) {
      e.size = std::uint64_t(st.st_size);
      e.mtime_ns = std::int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    }
    m.push_back(std::move(e));
  }
  std::sort(m.begin(), m.end(), [](const ManifestEntry& a, const ManifestEntry& b) {
    return a.size != b.size ? a.size > b.size : a.path < b.path;
  });
  return m;
}

void write_manifest(const fs::path& out, const std::vector<ManifestEntry>& m) {
  const fs::path target = layout::manifest_path(out);
  std::string text;
  for (const auto& e : m) text += manifest_json(e).dump() + "\n";
  util::write_file_atomic(target, text);
}

std::optional<std::vector<ManifestEntry>> read_manifest(const fs::path& out) {
  const fs::path p = layout::manifest_path(out);
  std::error_code ec;
  if (!fs::exists(p, ec)) return std::nullopt;
  std::vector<ManifestEntry> m;
  for_each_line(slurp(p), [&](std::string_view line) {
    const json j = json::parse(line);
    ManifestEntry e;
    e.path = util::from_hex(j.at("path_hex").get<std::string>());
    e.size = j.at("size").get<std::uint64_t>();
    e.mtime_ns = j.at("mtime_ns").get<std::int64_t>();
    m.push_back(std::move(e));
  });
  return m;
}

JournalWriter::JournalWriter(const fs::path& out, int rank) : path_(layout::journal_path(out, rank)) {
  fs::create_directories(path_.parent_path());
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error("cannot open journal '" + path_.string() + "': " + std::strerror(errno));
  // A previous attempt of this rank may have been killed mid-line: terminate the
  // torn line so that our first line starts on a fresh one (readers skip the junk).
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && st.st_size > 0) {
    char last = '\n';
    const int rfd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (rfd >= 0) {
      if (::pread(rfd, &last, 1, st.st_size - 1) != 1) last = '\n';
      ::close(rfd);
    }
    if (last != '\n') write_all(fd_, "\n", path_);
  }
}

JournalWriter::~JournalWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void JournalWriter::append(const JournalEntry& e) {
  const json j{{"id", e.id},
               {"path", util::sanitize_utf8(e.path)},
               {"path_hex", util::to_hex(e.path)},
               {"size", e.size},
               {"mtime_ns", e.mtime_ns},
               {"status", e.status},
               {"frames", e.frames},
               {"duration_s", e.duration_s},
               {"wall_s", e.wall_s},
               {"shard", e.shard},
               {"attempt", e.attempt},
               {"rank", e.rank},
               {"seq", e.seq}};
  write_all(fd_, j.dump() + "\n", path_);
  if (::fsync(fd_) != 0) throw std::runtime_error("cannot fsync journal '" + path_.string() + "'");
}

void JournalWriter::append(const ShardChecksum& c) {
  const json j{{"shard_sha256", c.sha256}, {"shard", c.shard}, {"bytes", c.bytes}};
  write_all(fd_, j.dump() + "\n", path_);
  if (::fsync(fd_) != 0) throw std::runtime_error("cannot fsync journal '" + path_.string() + "'");
}

namespace {

/// OUT/journal/rank-*.jsonl, sorted.
std::vector<fs::path> journal_files(const fs::path& out) {
  std::vector<fs::path> files;
  std::error_code ec;
  const fs::path dir = layout::journal_dir(out);
  if (!fs::is_directory(dir, ec)) return files;
  for (const auto& de : fs::directory_iterator(dir)) {
    const std::string name = de.path().filename().string();
    if (name.rfind("rank-", 0) == 0 && de.path().extension() == ".jsonl") files.push_back(de.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

std::map<std::string, ShardChecksum> read_shard_checksums(const fs::path& out) {
  std::map<std::string, ShardChecksum> sums;
  for (const fs::path& f : journal_files(out)) {
    for_each_line(slurp(f), [&](std::string_view line) {
      if (line.find("\"shard_sha256\"") == std::string_view::npos) return;
      try {
        const json j = json::parse(line);
        ShardChecksum c;
        c.sha256 = j.at("shard_sha256").get<std::string>();
        c.shard = j.at("shard").get<std::string>();
        c.bytes = j.at("bytes").get<std::uint64_t>();
        sums[c.shard] = std::move(c);
      } catch (const std::exception&) {
        // unparsable: that shard is treated as one without a checksum (validated by reading)
      }
    });
  }
  return sums;
}

std::vector<JournalEntry> read_journals(const fs::path& out, std::size_t* skipped) {
  std::vector<JournalEntry> all;
  std::size_t bad = 0;
  for (const fs::path& f : journal_files(out)) {
    const std::size_t torn = for_each_line(slurp(f), [&](std::string_view line) {
      try {
        const json j = json::parse(line);
        if (j.contains("shard_sha256") && !j.contains("id")) return;  // a shard checksum line
        JournalEntry e;
        e.id = j.at("id").get<std::string>();
        e.path = util::from_hex(j.at("path_hex").get<std::string>());
        e.size = j.at("size").get<std::uint64_t>();
        e.mtime_ns = j.at("mtime_ns").get<std::int64_t>();
        e.status = j.at("status").get<std::string>();
        e.frames = j.value("frames", std::int64_t(0));
        e.duration_s = j.value("duration_s", 0.0);
        e.wall_s = j.value("wall_s", 0.0);
        e.shard = j.at("shard").get<std::string>();
        e.attempt = j.at("attempt").get<int>();
        e.rank = j.at("rank").get<int>();
        e.seq = j.at("seq").get<std::int64_t>();
        all.push_back(std::move(e));
      } catch (const std::exception&) {
        ++bad;
      }
    });
    if (torn) ++bad;
  }
  if (skipped) *skipped = bad;
  return all;
}

int last_attempt(const fs::path& out) {
  int last = 0;
  for (const auto& e : read_journals(out)) last = std::max(last, e.attempt);
  std::error_code ec;
  if (fs::is_directory(layout::shards_dir(out), ec)) {
    static const std::regex re(R"(rank-\d+\.attempt-(\d+)\.h5(\.partial)?)");
    for (const auto& de : fs::directory_iterator(layout::shards_dir(out))) {
      std::smatch m;
      const std::string name = de.path().filename().string();
      if (std::regex_match(name, m, re)) last = std::max(last, std::stoi(m[1].str()));
    }
  }
  return last;
}

std::map<std::string, JournalEntry> completed_assets(const fs::path& out, std::size_t* unreadable) {
  // Candidates per id, newest first.
  std::map<std::string, std::vector<JournalEntry>> candidates;
  for (auto& e : read_journals(out)) candidates[e.id].push_back(std::move(e));
  for (auto& [id, v] : candidates)
    std::sort(v.begin(), v.end(), [](const JournalEntry& a, const JournalEntry& b) { return a.newer_than(b); });

  std::map<std::string, JournalEntry> done;
  std::size_t rejected = 0;
  std::map<std::string, std::size_t> next;  // id -> index of the candidate to try
  for (auto& [id, v] : candidates) next[id] = 0;
  // Rounds: try every unresolved id's next candidate, opening each shard once per round.
  while (!next.empty()) {
    std::map<std::string, std::vector<std::string>> by_shard;  // shard -> ids
    for (auto& [id, i] : next) by_shard[candidates[id][i].shard].push_back(id);
    std::set<std::string> resolved;
    for (auto& [shard, ids] : by_shard) {
      const fs::path file = layout::resolve_shard(out, shard);
      std::optional<catalog::CatalogReader> reader;
      if (!file.empty()) {
        try {
          reader.emplace(file);
        } catch (const std::exception& ex) {
          spdlog::warn("shard '{}' is unreadable, its {} journalled asset(s) will be redone: {}", file.string(),
                       ids.size(), ex.what());
        }
      } else {
        spdlog::warn("shard '{}' named by the journal is missing; its asset(s) will be redone", shard);
      }
      for (const std::string& id : ids) {
        const JournalEntry& e = candidates[id][next[id]];
        bool ok = false;
        if (reader) {
          try {
            ok = reader->has_asset(id) && reader->read_asset(id, false).path == e.path;
          } catch (const std::exception&) {
            ok = false;
          }
        }
        if (ok) {
          done.emplace(id, e);
          resolved.insert(id);
        } else {
          ++rejected;
          if (++next[id] >= candidates[id].size()) resolved.insert(id);
        }
      }
    }
    for (const auto& id : resolved) next.erase(id);
  }
  if (unreadable) *unreadable = rejected;
  return done;
}

}  // namespace reelscale::run
