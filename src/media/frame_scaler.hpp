#pragma once
/// @file frame_scaler.hpp
/// Conversion of a decoded frame into the small analysis images the kernels
/// consume. The full-size frame is read once:
/// - fast path (8-bit planar YUV, the usual decoder output): integer-factor box
///   reduction of the Y, U and V planes (kernels::box_downscale) straight from the
///   AVFrame; the analysis size keeps the display aspect up to the integer factors;
/// - any other pixel format: libswscale area-averages to full-range YUV 4:4:4 at
///   analysis size.
/// The 32x32 grey (pHash input) is area-scaled from the grey analysis image.
/// One FrameScaler per worker thread (not thread-safe).

#include <cstdint>
#include <vector>

#include "media/ffmpeg_ptr.hpp"
#include "media/rational.hpp"
#include "reelscale/kernels/downscale.hpp"
#include "reelscale/kernels/image_view.hpp"

namespace reelscale::media {

/// Geometry of the analysis images.
struct AnalysisGeometry {
  int gray_width = 256;  ///< grey analysis image width; height keeps the display aspect (even)
  int bgr_width = 64;    ///< BGR histogram image width; height keeps the display aspect (even)
};

/// Owns the analysis images of one frame and the swscale contexts that make them.
class FrameScaler {
 public:
  explicit FrameScaler(AnalysisGeometry g = {}) : geom_(g) {}

  /// Converts `frame` (any pixel format/size; contexts are rebuilt when they change).
  /// `sar` is the sample aspect ratio used for the display aspect ({0,1} = square).
  /// `rotation_deg` is the stream's display-matrix rotation (counter-clockwise, as
  /// av_display_rotation_get); the analysis images come out upright, as a player
  /// shows them (nearest multiple of 90 degrees, like ffmpeg's autorotate).
  /// @throws MediaError when swscale cannot handle the pixel format.
  void convert(const AVFrame& frame, Rational sar, double rotation_deg = 0);

  kernels::GrayView gray() const { return {gray_.data(), gw_, gh_, gw_}; }
  kernels::GrayView gray32() const { return {gray32_.data(), 32, 32, 32}; }
  kernels::BgrView bgr() const { return {bgr_.data(), bw_, bh_, 3 * bw_}; }

 private:
  void rebuild(const AVFrame& frame, Rational sar, int turns);
  void convert_fast(const AVFrame& frame);
  void convert_swscale(const AVFrame& frame);
  void finish();  ///< 32x32 grey, range expansion and rotation of the coded-orientation images

  AnalysisGeometry geom_;
  int turns_ = 0;  ///< clockwise quarter turns applied after scaling
  int src_w_ = 0, src_h_ = 0, src_fmt_ = -1;
  Rational src_sar_{0, 1};
  int gw_ = 0, gh_ = 0, bw_ = 0, bh_ = 0;
  int cw_ = 0, ch_ = 0;                    ///< grey analysis size in the coded orientation
  int cbw_ = 0, cbh_ = 0;                  ///< BGR size in the coded orientation
  bool fast_ = false;                      ///< box-reduction path in use
  bool limited_ = false;                   ///< fast path: source luma is MPEG range, expand after use
  int fx_ = 1, fy_ = 1, sx_ = 0, sy_ = 0;  ///< fast path: luma factors, chroma log2 subsampling
  static constexpr int kBgrFactor = 4;     ///< fast path: BGR image = grey analysis image / 4
  kernels::YuvMatrix matrix_;
  SwsContextPtr to_yuv_, yuv_to_gray32_, yuv_to_bgr_;
  std::vector<std::uint8_t> yuv_;  ///< swscale path: full-range YUV 4:4:4 at analysis size, coded orientation
  std::vector<std::uint8_t> coded_gray_, coded_bgr_;       ///< coded orientation
  std::vector<std::uint8_t> small_y_, small_u_, small_v_;  ///< fast path: planes at BGR size
  std::vector<std::uint8_t> gray_, gray32_, bgr_;          ///< upright analysis images
  std::vector<std::uint8_t> scratch_;                      ///< scaled, not yet rotated
};

}  // namespace reelscale::media
