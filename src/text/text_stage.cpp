#include "text/text_stage.hpp"

#include <algorithm>
#include <thread>

#include <spdlog/spdlog.h>

#include "text/text_analyser.hpp"
#include "util/model_dir.hpp"

namespace reelscale::text {

OcrOptions run_ocr_options(const std::string& langs, const std::filesystem::path& det_model) {
  OcrOptions o;
  o.det_model = det_model;
  o.langs = langs;
  // one OCR worker per two cores: a worker's 960 px DB network holds ~200 MB of
  // activations (peak RSS 540-550 MiB on dev with two workers, bar 512)
  o.max_workers = int(std::max(1u, std::thread::hardware_concurrency() / 2));
  o.gate_side = 256;  // video frames: no box at 256 px = no text (docs/text.md)
  return o;
}

std::optional<analysis::AnalyserFactory> make_text_stage(const std::string& langs, const std::filesystem::path& models) {
  const auto det = util::find_model("text", "ppocrv4_det.onnx", models);
  if (!det) {
    spdlog::warn("text: stage skipped: model text/ppocrv4_det.onnx not found (run scripts/models.sh)");
    return std::nullopt;
  }
  try {
    auto engine = std::make_shared<OcrEngine>(run_ocr_options(langs, *det));
    return analysis::AnalyserFactory([engine] { return std::make_unique<TextAnalyser>(engine); });
  } catch (const std::exception& e) {
    spdlog::warn("text: stage skipped: {}", e.what());
    return std::nullopt;
  }
}

}  // namespace reelscale::text
