#include "moderation/moderation_stage.hpp"

#include <spdlog/spdlog.h>

#include "moderation/moderation_analyser.hpp"
#include "util/model_dir.hpp"

namespace reelscale::moderation {

std::optional<analysis::AnalyserFactory> make_moderation_stage(const std::filesystem::path& models) {
  const auto m = util::find_model("moderation", "nsfw_mobilenet_v2.onnx", models);
  if (!m) {
    spdlog::warn("moderation: stage skipped: model moderation/nsfw_mobilenet_v2.onnx not found (run scripts/models.sh)");
    return std::nullopt;
  }
  try {
    auto net = std::make_shared<NsfwClassifier>(*m);
    return analysis::AnalyserFactory([net] { return std::make_unique<ModerationAnalyser>(net); });
  } catch (const std::exception& e) {
    spdlog::warn("moderation: stage skipped: {}", e.what());
    return std::nullopt;
  }
}

}  // namespace reelscale::moderation
