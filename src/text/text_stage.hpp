#pragma once
/// @file text_stage.hpp
/// The on-screen-text stage for `reelscale run`: loads the detector and tesseract once and
/// returns the per-asset analyser factory, or nullopt (with one log line) when the model or
/// a language is missing, so the stage is skipped.

#include <filesystem>
#include <optional>
#include <string>

#include "analysis/frame_analyser.hpp"
#include "text/ocr_engine.hpp"

namespace reelscale::text {

/// The OCR settings `reelscale run` uses (also the OCR bench's and cost tool's defaults):
/// OcrOptions defaults, the 256 px detector gate for video frames, one worker per two cores.
OcrOptions run_ocr_options(const std::string& langs, const std::filesystem::path& det_model);

/// `langs`: tesseract languages ("ara+eng"); `models`: model folder ("" = util::find_model_dir).
std::optional<analysis::AnalyserFactory> make_text_stage(const std::string& langs,
                                                         const std::filesystem::path& models = {});

}  // namespace reelscale::text
