#include "archive/input_walker.hpp"

#include <dirent.h>
#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

namespace reelscale::archive {
namespace fs = std::filesystem;
namespace {

using FileKey = std::pair<dev_t, ino_t>;

bool key_of(const fs::path& p, FileKey& key) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return false;
  key = {st.st_dev, st.st_ino};
  return true;
}

/// One walk: the visited folders (symlink loops) and the excluded ones (by inode).
struct Walk {
  std::set<FileKey> visited, excluded;
  std::vector<fs::path>& out;

  /// Lists `dir`; sub-folders are walked depth first. An unreadable folder is output itself.
  void directory(const fs::path& dir, bool top) {
    FileKey k;
    if (key_of(dir, k) && (excluded.count(k) || !visited.insert(k).second)) return;
    DIR* d = ::opendir(dir.c_str());
    if (!d) {
      if (top) throw std::runtime_error("cannot read directory '" + dir.string() + "': " + std::strerror(errno));
      out.push_back(dir);  // the gate records it: "unreadable folder: <errno text>"
      return;
    }
    std::vector<fs::path> subdirs;
    while (dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      const fs::path p = dir / name;
      struct stat st {};
      // stat follows symlinks: a symlink to a folder is walked, anything else is listed.
      if (::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) subdirs.push_back(p);
      else out.push_back(p);
    }
    ::closedir(d);
    std::sort(subdirs.begin(), subdirs.end());
    for (const auto& s : subdirs) directory(s, false);
  }
};

bool under(const fs::path& p, const fs::path& root) {
  const std::string a = p.native(), r = root.native();
  return a == r || (a.size() > r.size() && a.compare(0, r.size(), r) == 0 && (r.back() == '/' || a[r.size()] == '/'));
}

fs::path canonical_or_self(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::canonical(p, ec);
  return ec ? fs::absolute(p).lexically_normal() : c;
}

/// Reads a list file's entries, or returns false when `file` is not a list
/// (some entry does not exist: then it is treated as a media file).
bool read_list(const fs::path& file, std::vector<fs::path>& entries) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read '" + file.string() + "'");
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (body.empty()) return false;
  const char sep = body.find('\0') != std::string::npos ? '\0' : '\n';
  std::size_t pos = 0;
  while (pos <= body.size()) {
    std::size_t next = body.find(sep, pos);
    if (next == std::string::npos) next = body.size();
    std::string line = body.substr(pos, next - pos);
    if (sep == '\n' && !line.empty() && line.back() == '\r') line.pop_back();
    pos = next + 1;
    if (line.empty()) continue;
    fs::path p(line);
    if (p.is_relative()) p = file.parent_path() / p;
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(p, ec))) return false;
    entries.push_back(p);
  }
  return !entries.empty();
}

void add_path(const fs::path& p, Walk& w) {
  struct stat st {};
  if (::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) w.directory(p, false);
  else w.out.push_back(p);
}

/// True when `abs` is a list file (regular, < 64 MiB, every entry exists); its entries are added.
bool add_list(const fs::path& abs, const WalkOptions& opts, WalkReport* report, Walk& w) {
  struct stat st {};
  if (::stat(abs.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size >= (64 << 20)) return false;
  std::vector<fs::path> entries;
  if (!read_list(abs, entries)) return false;
  std::vector<fs::path> roots{canonical_or_self(abs.parent_path())};
  for (const auto& r : opts.allowed_roots) roots.push_back(canonical_or_self(r));
  for (auto& e : entries) {
    const fs::path target = canonical_or_self(e);
    const bool ok = std::any_of(roots.begin(), roots.end(), [&](const fs::path& r) { return under(target, r); });
    if (ok) add_path(fs::absolute(e).lexically_normal(), w);
    else if (report)
      report->refused.emplace_back(e, "list entry outside the list's folder and the allowed roots (--allow-root): "
                                      "not read");
  }
  return true;
}

}  // namespace

std::vector<fs::path> collect_inputs(const fs::path& input, const WalkOptions& opts, WalkReport* report) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(input, ec)))
    throw std::runtime_error("input '" + input.string() + "' does not exist");
  const fs::path abs = fs::absolute(input).lexically_normal();
  std::vector<fs::path> out;
  Walk w{{}, {}, out};
  for (const auto& x : opts.exclude_dirs) {
    FileKey k;
    if (key_of(x, k)) w.excluded.insert(k);
  }
  struct stat st {};
  if (::stat(abs.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    w.directory(abs, true);
  } else if (!add_list(abs, opts, report, w)) {
    out.push_back(abs);
  }
  std::sort(out.begin(), out.end(), [](const fs::path& a, const fs::path& b) { return a.native() < b.native(); });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<fs::path> filter_by_name(std::vector<fs::path> files, const std::vector<std::string>& include,
                                     const std::vector<std::string>& exclude) {
  auto matches_any = [](const std::string& name, const std::vector<std::string>& globs) {
    for (const auto& g : globs)
      if (::fnmatch(g.c_str(), name.c_str(), 0) == 0) return true;
    return false;
  };
  std::erase_if(files, [&](const fs::path& p) {
    const std::string name = p.filename().string();
    return (!include.empty() && !matches_any(name, include)) || matches_any(name, exclude);
  });
  return files;
}

}  // namespace reelscale::archive
