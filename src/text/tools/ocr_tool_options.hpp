#pragma once
/// @file ocr_tool_options.hpp
/// Shared by the OCR bench and cost tools: `--before` turns the OCR settings back to the
/// ones of branch words before 2026-12-02 06:00 UTC (one preparation per line, minimum
/// confidence 40, detector short side >= 128 px), so one binary measures both.

#include "text/ocr_engine.hpp"

namespace reelscale::text::tools {

/// The settings before the retry/upscale change (docs/text.md, "before" column).
inline void set_before(OcrOptions& o) {
  o.retry_preps.clear();
  o.word_preps.clear();
  o.retry_below = 0;
  o.min_confidence = 40;
  o.det.min_short = 128;
  o.retry_video = false;
}

}  // namespace reelscale::text::tools
