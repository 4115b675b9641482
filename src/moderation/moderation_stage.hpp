#pragma once
/// @file moderation_stage.hpp
/// The moderation stage for `reelscale run`: loads the converted nsfwjs network once and
/// returns the per-asset analyser factory, or nullopt (one log line) when it is missing.

#include <filesystem>
#include <optional>

#include "analysis/frame_analyser.hpp"

namespace reelscale::moderation {

/// `models`: model folder ("" = util::find_model_dir).
std::optional<analysis::AnalyserFactory> make_moderation_stage(const std::filesystem::path& models = {});

}  // namespace reelscale::moderation
