#pragma once
/// @file webvtt.hpp
/// WebVTT chapters (W3C WebVTT, "chapters" kind) for an asset's ad breaks.

#include <string>

#include "record/asset_record.hpp"

namespace reelscale::adbreaks {

/// Chapter track of `rec`: the programme is cut at every insertion point and
/// around every commercial break; programme pieces are "Part N", breaks
/// "Commercial break N". Times are `hh:mm:ss.mmm` on the asset's timeline
/// (seconds from the first video frame), from 0 to rec.duration_s (or the last
/// frame's end). Returns just the "WEBVTT" header when the duration is unknown.
std::string webvtt_chapters(const AssetRecord& rec);

}  // namespace reelscale::adbreaks
