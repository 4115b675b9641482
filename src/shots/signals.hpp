#pragma once
/// @file signals.hpp
/// Frame-pair distances and robust window statistics derived from the stored
/// per-frame arrays (HSV histograms, 16x16 luma thumbnails), shared by the detectors.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "record/frame_series.hpp"

namespace reelscale::shots {

/// Distances between any two frames of a series, 0..1.
class FrameDistances {
 public:
  explicit FrameDistances(const FrameSeries& s);

  std::size_t size() const { return n_; }
  bool has_hist() const { return has_hist_; }
  bool has_thumb() const { return has_thumb_; }

  /// Half L1 distance of the HSV histograms (0 identical .. 1 disjoint).
  float hist(std::size_t a, std::size_t b) const;
  /// Mean absolute difference of the thumbnails after removing each one's mean
  /// luma, /255: structure, insensitive to global brightness (flashes, fades).
  float thumb(std::size_t a, std::size_t b) const;
  /// Mean absolute difference of the raw thumbnails, /255.
  float thumb_raw(std::size_t a, std::size_t b) const;
  /// Mean absolute difference of the raw thumbnails averaged down to 8x8, /255:
  /// the same blend geometry as thumb_raw, more tolerant of motion.
  float thumb_coarse(std::size_t a, std::size_t b) const;
  /// Combined distance: mean of hist() and 2*thumb() (clamped to 1); falls back
  /// to whichever is available. Colour and structure fail in different ways
  /// (same palette different shot; same layout different colours), so a cut
  /// must show in their combination.
  float combined(std::size_t a, std::size_t b) const;

 private:
  const FrameSeries& s_;
  std::size_t n_ = 0;
  bool has_hist_ = false, has_thumb_ = false;
  std::vector<float> thumb_mean_;
  std::vector<float> coarse_;  // 64 per frame
};

/// Median of v (copy; 0 for empty).
float median_of(std::vector<float> v);

/// Median and median absolute deviation of x[lo..hi) without index `skip_lo..skip_hi`.
struct RobustStats {
  float median = 0, mad = 0;
};
RobustStats window_stats(const std::vector<float>& x, std::ptrdiff_t lo, std::ptrdiff_t hi, std::ptrdiff_t skip_lo,
                         std::ptrdiff_t skip_hi);

/// `seconds` at `fps` in whole frames (rounded), at least `min_frames`.
int to_frames(double seconds, double fps, int min_frames = 1);

/// Adjacent combined distances x[i] = d(i-1, i), x[0] = 0.
std::vector<float> adjacent(const FrameDistances& D);

/// Sliding median of x over [i - w, i + w].
std::vector<float> sliding_median(const std::vector<float>& x, int w);

/// True when $REELSCALE_SHOTS_DEBUG is set: the detectors print their decisions to stderr.
bool shots_debug();

}  // namespace reelscale::shots
