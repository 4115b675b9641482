#pragma once
/// @file bounded_queue.hpp
/// A blocking FIFO with a capacity (0 = unbounded), closed by the producer.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace reelscale::media {

/// Multi-producer/multi-consumer blocking queue.
template <class T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : cap_(capacity) {}
  /// Blocks while full. Items pushed after close() are dropped.
  void push(T v) {
    std::unique_lock lk(mu_);
    not_full_.wait(lk, [&] { return cap_ == 0 || q_.size() < cap_ || closed_; });
    if (closed_) return;
    q_.push_back(std::move(v));
    not_empty_.notify_one();
  }
  /// Blocks until an item or close(); empty optional once closed and drained.
  std::optional<T> pop() {
    std::unique_lock lk(mu_);
    not_empty_.wait(lk, [&] { return !q_.empty() || closed_; });
    if (q_.empty()) return std::nullopt;
    T v = std::move(q_.front());
    q_.pop_front();
    not_full_.notify_one();
    return v;
  }
  void close() {
    std::lock_guard lk(mu_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  std::size_t cap_;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<T> q_;
  bool closed_ = false;
};

}  // namespace reelscale::media
