#pragma once
/// @file scene_analysis.hpp
/// Scenes and embeddings of one asset.

#include <cstdint>
#include <vector>

namespace reelscale {

/// A scene: inclusive frame range made of whole shots.
struct Scene {
  std::int64_t start_frame = 0, end_frame = 0;
  int first_shot = 0, last_shot = 0;
  std::int64_t keyframe = 0;  ///< sharpest selected frame of the scene
  double start_s = 0, end_s = 0;
};

/// Scenes plus the embeddings behind them.
struct SceneAnalysis {
  int embedding_dim = 0;
  std::vector<Scene> scenes;
  std::vector<std::int64_t> embedded_frames;  ///< frame index of each embedding row
  std::vector<float> frame_embeddings;        ///< embedded_frames.size() x embedding_dim, L2-normalised
  std::vector<float> scene_embeddings;        ///< scenes.size() x embedding_dim, L2-normalised
};

}  // namespace reelscale
