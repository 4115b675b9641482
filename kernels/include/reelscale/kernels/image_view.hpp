#pragma once
/// @file image_view.hpp
/// Non-owning views over 8-bit pixel buffers, the only image type kernels see.
/// Kernels are pure functions: no FFmpeg, OpenCV, HDF5, MPI or TBB types.

#include <cstddef>
#include <cstdint>
#include <span>

namespace reelscale::kernels {

/// A row-major 8-bit single-channel (luma) image.
/// `data` holds at least `stride * (height - 1) + width` bytes; `stride` is in bytes.
struct GrayView {
  const std::uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  std::ptrdiff_t stride = 0;

  const std::uint8_t* row(int y) const { return data + y * stride; }
};

/// A row-major 8-bit 3-channel image in B, G, R byte order (OpenCV's CV_8UC3 layout).
/// `stride` is in bytes and is at least `3 * width`.
struct BgrView {
  const std::uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  std::ptrdiff_t stride = 0;

  const std::uint8_t* row(int y) const { return data + y * stride; }
};

}  // namespace reelscale::kernels
