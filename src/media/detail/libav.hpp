#pragma once
/// @file libav.hpp
/// The FFmpeg headers src/media's own implementation uses. Only src/media includes this
/// (the other targets see the poison headers instead; docs/architecture.md); the public
/// headers of src/media forward-declare FFmpeg's structs as opaque handles instead.

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

#include "media/rational.hpp"

namespace reelscale::media {

/// media::Rational -> AVRational (same fields).
inline AVRational to_av(Rational r) { return AVRational{r.num, r.den}; }
/// AVRational -> media::Rational (same fields).
inline Rational from_av(AVRational r) { return Rational{r.num, r.den}; }

}  // namespace reelscale::media
