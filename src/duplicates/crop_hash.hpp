#pragma once
/// @file crop_hash.hpp
/// A letterbox-invariant 64-bit pHash from the 16x16 luma thumbnail the catalog keeps
/// per frame: the black bars (letterbox, pillarbox, window-box) are cut off first, so
/// one source placed in frames of different aspect ratios hashes alike.

#include <cstdint>
#include <span>

namespace reelscale::duplicates {

/// Active picture box in thumbnail pixels, edges fractional (x0 <= x < x1).
struct ActiveBox {
  double x0 = 0, y0 = 0, x1 = 16, y1 = 16;
};

/// Grey level at or below which a thumbnail row/column counts as a bar.
inline constexpr int kBarLevel = 24;

/// Active box of a 16x16 thumbnail: outer rows/columns whose brightest pixel is
/// <= kBarLevel are bars; the first picture row/column counts by its mean relative to
/// its inner neighbour (a partly covered row). The whole thumbnail when no box of at
/// least 8x8 pixels is found (dark frame).
ActiveBox active_box(std::span<const std::uint8_t> thumb16);

/// Share of the active box cut off on each side before hashing.
inline constexpr double kBoxMargin = 0.12;

/// pHash (kernels::phash64) of the centre of the active box of `thumb16` (kBoxMargin
/// cut off each side) resampled bilinearly to 32x32. @throws std::invalid_argument when thumb16 does not hold 256 bytes.
std::uint64_t crop_phash(std::span<const std::uint8_t> thumb16);

}  // namespace reelscale::duplicates
