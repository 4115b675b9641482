#include "run/work_queue.hpp"

#include <cmath>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace reelscale::run {
namespace {

using Clock = std::chrono::steady_clock;

std::string hms(double s) {
  if (!std::isfinite(s) || s < 0) return "--:--:--";
  const auto t = std::int64_t(s + 0.5);
  return fmt::format("{}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60);
}

}  // namespace

WorkQueue::WorkQueue(std::vector<ManifestEntry> todo) : todo_(std::move(todo)) {
  for (const auto& e : todo_) total_bytes_ += double(e.size);
}

std::optional<Task> WorkQueue::pop() {
  std::lock_guard lock(mu_);
  if (next_ >= todo_.size()) return std::nullopt;
  Task t{std::int64_t(next_), todo_[next_]};
  ++next_;
  return t;
}

void WorkQueue::complete(std::int64_t index, int rank, AssetStatus status, std::int64_t frames, double duration_s,
                         double wall_s, const std::string& error, const std::map<std::string, double>* stage_cpu_s) {
  std::lock_guard lock(mu_);
  const ManifestEntry& e = todo_.at(std::size_t(index));
  AssetRecord rec;
  rec.path = e.path;
  rec.status = status;
  rec.frames = frames;
  rec.duration_s = duration_s;
  rec.wall_s = wall_s;
  rec.error = error;
  if (stage_cpu_s) rec.stage_cpu_s = *stage_cpu_s;  // rank 0's own assets (other ranks send no stage times)
  totals_.add(rec);
  ++done_;
  done_bytes_ += double(e.size);
  const double wall = std::chrono::duration<double>(Clock::now() - t0_).count();
  const double media_rate = wall > 0 ? totals_.media_s / wall : 0;  // hours of media per hour
  // ETA from bytes: the queue is largest first, so counts would be optimistic.
  const double left = total_bytes_ - done_bytes_;
  double eta = done_bytes_ > 0 ? wall * left / done_bytes_ : NAN;
  if (done_ == todo_.size()) eta = 0;
  if (progress_ && progress_->asset && !progress_->asset(rank, rec, double(e.size))) return;
  spdlog::info("{}  rank {} | {:.2f} h media/h wall | ETA {}",
               progress_line(rec, std::int64_t(done_), std::int64_t(todo_.size())), rank, media_rate, hms(eta));
}

void WorkQueue::set_progress(const ProgressHooks* hooks) {
  std::lock_guard lock(mu_);
  progress_ = hooks;
  if (progress_ && progress_->start) progress_->start(std::int64_t(todo_.size()), total_bytes_);
}

RunTotals WorkQueue::totals() const {
  std::lock_guard lock(mu_);
  return totals_;
}

}  // namespace reelscale::run
