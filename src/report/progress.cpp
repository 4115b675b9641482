#include "report/progress.hpp"

#include <cmath>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <stdexcept>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include "util/atomic_file.hpp"

namespace reelscale::progress {
namespace fs = std::filesystem;
namespace {

std::string hms(double s) {
  if (!std::isfinite(s) || s < 0) return "--:--:--";
  const auto t = std::int64_t(s + 0.5);
  return fmt::format("{}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60);
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

nlohmann::json counters_json(const Counters& c, double wall) {
  const double eta = eta_s(c, wall);
  return {{"assets_done", c.done}, {"assets_total", c.total}, {"ok", c.ok}, {"damaged", c.damaged},
          {"error", c.error}, {"frames", c.frames}, {"media_hours", c.media_s / 3600},
          {"frames_per_s", wall > 0 ? double(c.frames) / wall : 0.0},
          {"eta_s", std::isfinite(eta) ? nlohmann::json(eta) : nlohmann::json(nullptr)}};
}

void fsync_path(const fs::path& p, int flags) {
  const int fd = ::open(p.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

Mode parse_mode(const std::string& s) {
  if (s == "auto") return Mode::automatic;
  if (s == "bar") return Mode::bar;
  if (s == "log") return Mode::log;
  throw std::invalid_argument("--progress must be auto, bar or log (got '" + s + "')");
}

bool use_bar(Mode m, int fd) {
  if (m != Mode::automatic) return m == Mode::bar;
  const char* term = std::getenv("TERM");
  return ::isatty(fd) == 1 && !(term && std::string(term) == "dumb");
}

double eta_s(const Counters& c, double wall_s) {
  if (c.total <= 0) return NAN;  // unknown total (a rank's share is dynamic)
  if (c.done >= c.total) return 0;
  if (c.bytes_done > 0 && c.bytes_total > 0) return wall_s * (c.bytes_total - c.bytes_done) / c.bytes_done;
  if (c.done > 0) return wall_s * double(c.total - c.done) / double(c.done);
  return NAN;
}

std::string bar_line(const std::string& label, const Counters& c, double wall_s, int width) {
  const double frac = c.total > 0 ? double(c.done) / double(c.total) : 0;
  const int full = static_cast<int>(std::lround(frac * width));
  return fmt::format("{} [{}{}] {}/{} assets  {:.2f} h media  {:.0f} frames/s  ETA {}", label, std::string(full, '#'),
                     std::string(std::max(0, width - full), '.'), c.done, c.total, c.media_s / 3600,
                     wall_s > 0 ? double(c.frames) / wall_s : 0.0, hms(eta_s(c, wall_s)));
}

void write_json_atomic(const fs::path& path, const nlohmann::json& j) {
  // Temporary file, fsync, rename (util::write_file_atomic), then the folder's entry.
  util::write_file_atomic(path, j.dump(2) + "\n");
  fsync_path(path.parent_path().empty() ? fs::path(".") : path.parent_path(), O_RDONLY | O_DIRECTORY);
}

Reporter::Reporter(fs::path status_path, bool bar, std::int64_t total_assets, double total_bytes, std::FILE* out)
    : status_path_(std::move(status_path)), bar_(bar), out_(out), started_utc_(utc_now()) {
  job_.total = total_assets;
  job_.bytes_total = total_bytes;
  std::lock_guard lock(mu_);
  write_status_locked("running", true);
}

double Reporter::wall() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
}

bool Reporter::asset_done(int rank, const std::string& status, std::int64_t frames, double media_s, double bytes) {
  std::lock_guard lock(mu_);
  for (Counters* c : {&job_, &ranks_[rank]}) {
    ++c->done;
    c->ok += status == "ok";
    c->damaged += status == "damaged";
    c->error += status == "error";
    c->frames += frames;
    c->media_s += media_s;
    c->bytes_done += bytes;
  }
  redraw_locked(false);
  write_status_locked("running", false);
  return !bar_;
}

void Reporter::finish() {
  std::lock_guard lock(mu_);
  redraw_locked(true);
  if (bar_ && lines_drawn_ > 0) std::fputc('\n', out_), lines_drawn_ = 0;
  write_status_locked("done", true);
}

Counters Reporter::totals() const {
  std::lock_guard lock(mu_);
  return job_;
}

nlohmann::json Reporter::status(const std::string& state) const {
  const double w = wall();
  nlohmann::json j = counters_json(job_, w);
  j["state"] = state;
  j["started_utc"] = started_utc_;
  j["updated_utc"] = utc_now();
  j["wall_s"] = w;
  j["ranks"] = nlohmann::json::object();
  for (const auto& [r, c] : ranks_) {
    nlohmann::json rj = counters_json(c, w);
    rj.erase("assets_total");  // ranks take assets on request: no fixed share
    rj.erase("eta_s");
    j["ranks"][std::to_string(r)] = std::move(rj);
  }
  return j;
}

void Reporter::redraw_locked(bool force) {
  if (!bar_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  const double w = wall();
  std::string s;
  if (lines_drawn_ > 1) s += fmt::format("\x1b[{}F", lines_drawn_ - 1);  // back to the first line
  s += "\r\x1b[2K" + bar_line("job   ", job_, w);
  for (const auto& [r, c] : ranks_)
    if (ranks_.size() > 1)
      s += fmt::format("\n\x1b[2Krank {:<3} {} assets  {:.2f} h media  {:.0f} frames/s", r, c.done, c.media_s / 3600,
                       w > 0 ? double(c.frames) / w : 0.0);
  lines_drawn_ = 1 + (ranks_.size() > 1 ? int(ranks_.size()) : 0);
  std::fputs(s.c_str(), out_);
  std::fflush(out_);
}

void Reporter::write_status_locked(const std::string& state, bool force) {
  if (status_path_.empty()) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_status_ < std::chrono::seconds(1)) return;
  last_status_ = now;
  try {
    write_json_atomic(status_path_, status(state));
  } catch (const std::exception&) {
    // A status file that cannot be written never stops the run; the next update retries.
  }
}

}  // namespace reelscale::progress
