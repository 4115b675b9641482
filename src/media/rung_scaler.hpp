#pragma once
/// @file rung_scaler.hpp
/// Picture conversion for one rendition: optional deinterlacing (libavfilter's
/// yadif, "send_frame" mode: one output frame per input frame, only frames flagged
/// interlaced are touched), libswscale to yuv420p at the rung size (bicubic, as
/// ffmpeg's scale filter), then the display-matrix rotation (libavfilter's
/// transpose / hflip,vflip, as ffmpeg's autorotate; scaled first, so the turn runs on
/// the small picture). Full-range input (JPEG/MJPEG) comes out MPEG range.

#include <functional>
#include <memory>
#include <string>

#include "media/detail/libav.hpp"
#include "media/ffmpeg_ptr.hpp"

namespace reelscale::media {

class FilterChain;

/// Converts decoded frames to one rendition's size. Not thread-safe (one per rung thread).
class RungScaler {
 public:
  using FrameSink = std::function<void(AVFrame*)>;
  /// @param width, height upright output size (after the rotation)
  /// @param deinterlace run yadif before scaling (source flagged interlaced)
  /// @param file source file, for error messages
  /// @param turns clockwise quarter turns that make the source upright (upright_quarter_turns)
  RungScaler(int width, int height, bool deinterlace, std::string file, int turns = 0);
  ~RungScaler();
  RungScaler(const RungScaler&) = delete;
  RungScaler& operator=(const RungScaler&) = delete;

  /// Converts `in` (any size/pixel format; pts kept) and hands yuv420p frames to `sink`
  /// (yadif delays by one frame; flush() returns the last). @throws MediaError.
  void push(const AVFrame* in, const FrameSink& sink);
  /// Drains the deinterlacer. @throws MediaError.
  void flush(const FrameSink& sink);

 private:
  void scale(const AVFrame& in, const FrameSink& sink);
  int w_, h_;  ///< scaled size in the coded orientation
  std::string file_;
  std::unique_ptr<FilterChain> deint_, rotate_;
  SwsContextPtr sws_;
  int sws_w_ = 0, sws_h_ = 0, sws_fmt_ = -1, sws_range_ = -1;
};

}  // namespace reelscale::media
