#pragma once
/// @file stream_budget.hpp
/// Budget checks on the header values of an opened asset, before any of them
/// sizes a decode or an allocation (ingest::AssetBudget).

#include <string>

#include "ingest/asset_budget.hpp"
#include "media/ffmpeg_ptr.hpp"

namespace reelscale::media {

/// Checks video stream `vs` (may be -1) of `fmt`: frame pixels, pixels per second of
/// media, display aspect (extreme SAR), and the declared duration.
/// @return the error message naming `name` and the budget, empty when within budget.
std::string check_stream_budget(const AVFormatContext* fmt, int vs, const std::string& name,
                                const ingest::AssetBudget& b);

/// Declared duration of `fmt` in seconds (container, else longest stream), 0 when unknown.
double declared_duration_s(const AVFormatContext* fmt);

}  // namespace reelscale::media
