#pragma once
/// @file ladder_plan.hpp
/// Rendition sizes of a ladder from the source geometry (pure arithmetic).

#include <string>
#include <vector>

namespace reelscale::outputs {

/// Encoder settings shared by every rung (ffmpeg libx264 names).
struct EncoderSettings {
  int crf = 23;                     ///< x264 CRF (ignored when a rung has a bit rate)
  std::string preset = "veryfast";  ///< x264 preset
  double gop_s = 2.0;               ///< maximum GOP length, seconds (frames = round(gop_s * fps))
  bool keyframe_at_cuts = true;     ///< force an IDR at every detected cut (same frames on every rung)
  int audio_bit_rate = 128000;      ///< AAC bits/s
  int threads = 0;                  ///< x264 threads per rung (0 = auto)
};

/// One planned rung.
struct RungPlan {
  std::string name;     ///< "720p"
  int width = 0, height = 0;
  int bit_rate = 0;     ///< bits/s from the spec, 0 = CRF
};

/// A requested rung: target height and optional bit rate.
struct RungSpec {
  int height = 0;
  int bit_rate = 0;
};

/// The default ladder: 1080, 720, 480 lines, CRF.
std::vector<RungSpec> default_rungs();

/// Sizes for a source of `width` x `height` coded pixels with sample aspect ratio
/// sar_num/sar_den (0/x = square): output pixels are square, the height is the rung's,
/// the width keeps the display aspect, both rounded to even. Rungs taller than the
/// source are dropped (never upscale); when all are, one rung at the source height
/// (even) is kept. Duplicate heights are removed. Sorted tallest first.
std::vector<RungPlan> plan_ladder(const std::vector<RungSpec>& rungs, int width, int height, int sar_num, int sar_den);

}  // namespace reelscale::outputs
