#include "media/bgr_frame.hpp"
#include "media/detail/libav.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <opencv2/imgproc.hpp>

#include "media/ffmpeg_ptr.hpp"

namespace reelscale::media {

cv::Mat to_bgr(const AVFrame& frame, int max_side, double* scale) {
  const int w = frame.width, h = frame.height;
  if (w <= 0 || h <= 0) throw MediaError("to_bgr: frame without pixels");
  SwsContextPtr sws(
      sws_getContext(w, h, AVPixelFormat(frame.format), w, h, AV_PIX_FMT_BGR24, SWS_POINT, nullptr, nullptr, nullptr));
  if (!sws) throw MediaError("to_bgr: swscale cannot convert pixel format " + std::to_string(frame.format));
  cv::Mat bgr(h, w, CV_8UC3);
  std::uint8_t* dst[4] = {bgr.data, nullptr, nullptr, nullptr};
  int dst_stride[4] = {int(bgr.step[0]), 0, 0, 0};
  sws_scale(sws.get(), frame.data, frame.linesize, 0, h, dst, dst_stride);
  double s = 1.0;
  const int longer = std::max(w, h);
  if (max_side > 0 && longer > max_side) {
    s = double(longer) / max_side;
    const int ow = std::max(1, int(std::lround(w / s))), oh = std::max(1, int(std::lround(h / s)));
    cv::Mat small;
    cv::resize(bgr, small, cv::Size(ow, oh), 0, 0, cv::INTER_AREA);
    bgr = small;
  }
  if (scale) *scale = s;
  return bgr;
}

}  // namespace reelscale::media
