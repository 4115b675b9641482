#pragma once
/// @file scene_analysis.hpp
/// Scenes and embeddings of one asset (see docs/scenes.md).

#include <cstdint>
#include <string>
#include <vector>

namespace reelscale::record {
/// Spec of the default frame embedder (embed::GistEmbedder): "gist".
inline constexpr const char* kDefaultEmbedder = "gist";
}  // namespace reelscale::record

namespace reelscale {

/// A scene: inclusive frame range made of whole shots (0-based decoded frames).
struct Scene {
  std::int64_t start_frame = 0, end_frame = 0;
  int first_shot = 0, last_shot = 0;  ///< indices into ShotAnalysis::shots
  std::int64_t keyframe = 0;          ///< sharpest selected frame of the scene (among those whose pixels were kept)
  double start_s = 0, end_s = 0;      ///< PTS of the first frame; PTS of the last frame + 1/fps
};

/// Scenes plus the embeddings behind them.
struct SceneAnalysis {
  int embedding_dim = 0;  ///< floats per embedding (the embedder's dim(); GIST: 432), 0 when none
  /// Canonical spec of the embedder that made the vectors ("gist",
  /// "onnx:/abs/model.onnx,size=...": scenes/embedder_spec.hpp); empty when none.
  std::string embedder;
  std::vector<Scene> scenes;
  std::vector<std::int64_t> embedded_frames;  ///< frame index of each embedding row, sorted: the selected frames and
                                              ///< the sampler's candidate frames
  std::vector<float> frame_embeddings;        ///< embedded_frames.size() x embedding_dim, L2-normalised
  std::vector<float> scene_embeddings;        ///< scenes.size() x embedding_dim, L2-normalised
  /// JPEG bytes of each scene's keyframe (scenes.size() entries, empty when no
  /// pixels were kept). Transient: written to OUT/keyframes/<asset>/<scene>.jpg
  /// by scenes::write_keyframes, never stored in the catalog.
  std::vector<std::string> keyframe_jpeg;
};

}  // namespace reelscale
