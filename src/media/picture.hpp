#pragma once
/// @file picture.hpp
/// The decoded-picture handle the per-asset pipeline passes through its TBB stages
/// without seeing FFmpeg: it owns one decoded frame (an AVFrame, opaque outside
/// src/media) and hands it to src/media's functions (FrameScaler, to_bgr,
/// RenditionLadder) by reference.

#include <cstdint>
#include <optional>

#include "media/ffmpeg_ptr.hpp"

namespace reelscale::media {

/// One decoded frame (reference-counted buffers of the decoder). Move-only.
class Picture {
 public:
  /// An empty frame ready for VideoDecoder::next(). @throws std::bad_alloc.
  Picture();
  /// True once release() was called.
  bool released() const { return !frame_; }
  /// Gives the decoder's buffers back (the pipeline does so right after measuring).
  void release() { frame_.reset(); }
  /// Best-effort presentation timestamp in the stream's time base (FFmpeg's
  /// best_effort_timestamp); empty when the decoder knows none.
  std::optional<std::int64_t> timestamp() const;
  /// The frame, for src/media's functions. Precondition: !released().
  AVFrame* get() const { return frame_.get(); }
  const AVFrame& operator*() const { return *frame_; }

 private:
  FramePtr frame_;
};

}  // namespace reelscale::media
