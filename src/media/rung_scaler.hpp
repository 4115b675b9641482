#pragma once
/// @file rung_scaler.hpp
/// Picture conversion for one rendition: optional deinterlacing (libavfilter's
/// yadif, "send_frame" mode: one output frame per input frame, only frames flagged
/// interlaced are touched) then libswscale to yuv420p at the rung size (bicubic, as
/// ffmpeg's scale filter). Full-range input (JPEG/MJPEG) comes out MPEG range.

#include <functional>
#include <string>

#include "media/detail/libav.hpp"
#include "media/ffmpeg_ptr.hpp"

struct AVFilterGraph;
struct AVFilterContext;

namespace reelscale::media {

/// Converts decoded frames to one rendition's size. Not thread-safe (one per rung thread).
class RungScaler {
 public:
  using FrameSink = std::function<void(AVFrame*)>;
  /// @param deinterlace run yadif before scaling (source flagged interlaced)
  /// @param file source file, for error messages
  RungScaler(int width, int height, bool deinterlace, std::string file);
  ~RungScaler();
  RungScaler(const RungScaler&) = delete;
  RungScaler& operator=(const RungScaler&) = delete;

  /// Converts `in` (any size/pixel format; pts kept) and hands yuv420p frames to `sink`
  /// (yadif delays by one frame; flush() returns the last). @throws MediaError.
  void push(const AVFrame* in, const FrameSink& sink);
  /// Drains the deinterlacer. @throws MediaError.
  void flush(const FrameSink& sink);

 private:
  void build_graph(const AVFrame& in);
  void scale(const AVFrame& in, const FrameSink& sink);
  void pull(const FrameSink& sink);
  int w_, h_;
  bool deinterlace_;
  std::string file_;
  AVFilterGraph* graph_ = nullptr;
  AVFilterContext *src_ = nullptr, *sink_ = nullptr;
  SwsContextPtr sws_;
  int sws_w_ = 0, sws_h_ = 0, sws_fmt_ = -1, sws_range_ = -1;
  FramePtr deint_ = make_frame();
};

}  // namespace reelscale::media
