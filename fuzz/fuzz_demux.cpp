/// @file fuzz_demux.cpp
/// libFuzzer harness: demux + decode + measure of one asset held in memory
/// (media::make_memory_source behind a custom AVIOContext, the default demuxer
/// allow-list, nested opens refused), the same steps as the per-asset pipeline:
/// best video stream -> VideoDecoder -> FrameScaler -> every per-frame kernel.
/// Bounded per input: at most 16 frames, 2 s wall time (the deadline of the AVIO).

#include <cstddef>
#include <cstdint>
#include <exception>

#include "media/ffmpeg_log.hpp"
#include "media/frame_scaler.hpp"
#include "media/media_file.hpp"
#include "media/probe.hpp"
#include "media/stream_info.hpp"
#include "media/video_decoder.hpp"
#include "reelscale/kernels/frame_kernels.hpp"

extern "C" {
#include <libavutil/log.h>
}

namespace {
namespace k = reelscale::kernels;
namespace media = reelscale::media;

void measure(const media::FrameScaler& sc) {
  volatile std::uint64_t h = k::phash64(sc.gray32());
  volatile double v = k::laplacian_variance(sc.gray());
  (void)k::luma_stats(sc.gray());
  std::array<float, k::kHsvBins> hist{};
  k::hsv_histogram(sc.bgr(), hist);
  std::array<std::uint8_t, std::size_t(k::kThumbSide) * k::kThumbSide> thumb{};
  k::luma_thumbnail(sc.gray32(), thumb);
  (void)h;
  (void)v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  av_log_set_level(AV_LOG_QUIET);
  media::DemuxPolicy policy;
  policy.wall_budget_s = 2;
  try {
    auto fmt = media::open_media(media::make_memory_source(data, size), "fuzz.bin", policy);
    const int vs = media::best_video_stream(fmt.get());
    if (vs < 0) return 0;
    media::VideoDecoder dec(fmt.get(), vs, "fuzz.bin", 1);
    media::FrameScaler sc;
    media::FramePtr frame = media::make_frame();
    const media::Rational sar = media::video_stream_info(fmt.get(), vs).sar;
    for (int i = 0; i < 16 && dec.next(frame.get()); ++i) {
      sc.convert(*frame, sar, 0);
      measure(sc);
    }
  } catch (const std::exception&) {
    // refused / damaged input: the expected outcome for most inputs
  }
  return 0;
}
