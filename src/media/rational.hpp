#pragma once
/// @file rational.hpp
/// An exact ratio of two ints (a time base, a frame rate, a sample aspect ratio) in
/// the FFmpeg-free headers of src/media; the same layout and meaning as FFmpeg's
/// AVRational, converted at the boundary by media/detail/libav.hpp.

namespace reelscale::media {

/// num/den; {0, 1} means unknown where FFmpeg uses it so (e.g. an unset sample aspect ratio).
struct Rational {
  int num = 0;
  int den = 1;
  /// num/den as a double (0 when den is 0).
  double value() const { return den != 0 ? double(num) / den : 0.0; }
};

}  // namespace reelscale::media
