#pragma once
/// @file probe.hpp
/// Technical metadata from an opened libavformat context.

#include "media/ffmpeg_ptr.hpp"
#include "record/asset_record.hpp"

namespace reelscale::media {

/// Container and per-stream technical metadata (codec, profile, level, geometry,
/// SAR/DAR, frame rates, field order, pixel format, bit depth, colour description,
/// audio layout, timecode). Pure read of `fmt`; never throws for odd values.
TechnicalMetadata probe(const AVFormatContext* fmt);

/// Index of the stream to analyse: the best video stream that is not an attached
/// picture (cover art), or -1 when there is none.
int best_video_stream(AVFormatContext* fmt);

}  // namespace reelscale::media
