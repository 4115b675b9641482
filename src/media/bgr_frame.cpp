#include "media/bgr_frame.hpp"
#include "media/detail/libav.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "media/ffmpeg_ptr.hpp"

namespace reelscale::media {

cv::Mat to_bgr(const AVFrame& frame, int max_side, double* scale) {
  const int w = frame.width, h = frame.height;
  if (w <= 0 || h <= 0) throw MediaError("to_bgr: frame without pixels");
  // One swscale pass converts and, when the picture is larger than max_side, area-averages
  // (SWS_AREA) straight to the output size: the full-size BGR picture is never made.
  double s = 1.0;
  int ow = w, oh = h;
  if (const int longer = std::max(w, h); max_side > 0 && longer > max_side) {
    s = double(longer) / max_side;
    ow = std::max(1, int(std::lround(w / s)));
    oh = std::max(1, int(std::lround(h / s)));
  }
  const int flags = (ow == w && oh == h) ? SWS_POINT : SWS_AREA;
  SwsContextPtr sws(sws_getContext(w, h, AVPixelFormat(frame.format), ow, oh, AV_PIX_FMT_BGR24, flags, nullptr,
                                   nullptr, nullptr));
  if (!sws) throw MediaError("to_bgr: swscale cannot convert pixel format " + std::to_string(frame.format));
  cv::Mat bgr(oh, ow, CV_8UC3);
  std::uint8_t* dst[4] = {bgr.data, nullptr, nullptr, nullptr};
  int dst_stride[4] = {int(bgr.step[0]), 0, 0, 0};
  sws_scale(sws.get(), frame.data, frame.linesize, 0, h, dst, dst_stride);
  if (scale) *scale = s;
  return bgr;
}

}  // namespace reelscale::media
