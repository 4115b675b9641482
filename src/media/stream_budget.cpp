#include "media/stream_budget.hpp"
#include "media/detail/libav.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace reelscale::media {

double declared_duration_s(const AVFormatContext* fmt) {
  double d = 0;
  if (fmt->duration > 0 && fmt->duration != AV_NOPTS_VALUE) d = double(fmt->duration) / AV_TIME_BASE;
  for (unsigned i = 0; i < fmt->nb_streams; ++i) {
    const AVStream* st = fmt->streams[i];
    if (st->duration > 0 && st->duration != AV_NOPTS_VALUE && st->time_base.den > 0)
      d = std::max(d, double(st->duration) * av_q2d(st->time_base));
  }
  return std::isfinite(d) ? d : 0;
}

std::string check_stream_budget(const AVFormatContext* fmt, int vs, const std::string& name,
                                const ingest::AssetBudget& b) {
  const double declared = declared_duration_s(fmt);
  if (declared > b.max_declared_duration_s)
    return fmt::format("'{}' declares a duration of {:.6g} s, over the budget of {:.6g} s (max_declared_duration_s)",
                       name, declared, b.max_declared_duration_s);
  if (vs < 0) return {};
  const AVStream* st = fmt->streams[vs];
  const double w = st->codecpar->width, h = st->codecpar->height;
  if (w * h > b.max_frame_pixels)
    return fmt::format("'{}': frames of {}x{} exceed the budget of {:.6g} pixels (max_frame_pixels)", name, w, h,
                       b.max_frame_pixels);
  AVRational r = st->avg_frame_rate.num > 0 && st->avg_frame_rate.den > 0 ? st->avg_frame_rate : st->r_frame_rate;
  const double fps = r.num > 0 && r.den > 0 ? av_q2d(r) : 0;
  if (fps > 0 && w * h * fps > b.max_pixels_per_media_s)
    return fmt::format("'{}': {}x{} at {:.6g} fps is {:.3g} decoded pixels per second of media, over the budget of "
                       "{:.3g} (max_pixels_per_media_s)",
                       name, w, h, fps, w * h * fps, b.max_pixels_per_media_s);
  const AVRational sar = av_guess_sample_aspect_ratio(const_cast<AVFormatContext*>(fmt),
                                                      const_cast<AVStream*>(st), nullptr);
  const double s = sar.num > 0 && sar.den > 0 ? av_q2d(sar) : 1.0;
  if (w > 0 && h > 0) {
    const double aspect = w * s / h;
    if (aspect > b.max_analysis_aspect || aspect < 1.0 / b.max_analysis_aspect)
      return fmt::format("'{}': display aspect {:.6g} ({}x{}, SAR {}:{}) is outside 1/{:g}..{:g} "
                         "(max_analysis_aspect): the analysis image would be {}x{}",
                         name, aspect, w, h, sar.num, sar.den, b.max_analysis_aspect, b.max_analysis_aspect, 256,
                         std::llround(256 / aspect));
  }
  return {};
}

}  // namespace reelscale::media
