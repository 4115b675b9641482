#include "archive/input_walker.hpp"

#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
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

void walk_directory(const fs::path& root, std::vector<fs::path>& out) {
  std::set<FileKey> visited;
  FileKey k;
  if (key_of(root, k)) visited.insert(k);
  const auto opts = fs::directory_options::follow_directory_symlink | fs::directory_options::skip_permission_denied;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, opts, ec), end;
  if (ec) throw std::runtime_error("cannot read directory '" + root.string() + "': " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) throw std::runtime_error("cannot walk '" + root.string() + "': " + ec.message());
    const fs::directory_entry& e = *it;
    std::error_code sec;
    if (e.is_directory(sec)) {
      if (!key_of(e.path(), k) || !visited.insert(k).second) it.disable_recursion_pending();
      continue;
    }
    if (e.is_regular_file(sec) || e.is_symlink(sec)) out.push_back(e.path());
  }
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

void add_path(const fs::path& p, std::vector<fs::path>& out) {
  std::error_code ec;
  if (fs::is_directory(p, ec))
    walk_directory(p, out);
  else
    out.push_back(p);
}

}  // namespace

std::vector<fs::path> collect_inputs(const fs::path& input) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(input, ec)))
    throw std::runtime_error("input '" + input.string() + "' does not exist");
  const fs::path abs = fs::absolute(input).lexically_normal();
  std::vector<fs::path> out;
  if (fs::is_directory(abs, ec)) {
    walk_directory(abs, out);
  } else {
    std::vector<fs::path> entries;
    if (fs::is_regular_file(abs, ec) && fs::file_size(abs, ec) < (64u << 20) && read_list(abs, entries)) {
      for (auto& e : entries) add_path(fs::absolute(e).lexically_normal(), out);
    } else {
      out.push_back(abs);
    }
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
