#pragma once
/// @file image_embedder.hpp
/// The image-embedding interface of the scene stage (issue 5). An embedder maps
/// the analysis images of one frame (or of a query image, built the same way:
/// scenes/image_embedding.hpp) to a fixed-length, L2-normalised float vector,
/// so the inner product of two embeddings is their cosine similarity.
///
/// Implementations: GistEmbedder (the default, "gist": the training-free
/// GIST + colour-layout descriptor of kernels/embedding.hpp, 432 floats) and
/// OnnxEmbedder ("onnx:PATH,...": a user-supplied ONNX image model run with
/// OpenCV DNN). embed::make_embedder (embedder_spec.hpp) builds either from a
/// spec string; the catalog stores that spec so `reelscale query --image`
/// embeds with the same embedder as the catalog. See docs/scenes.md.

#include <span>
#include <string>

#include "reelscale/kernels/image_view.hpp"

namespace reelscale::embed {

/// Abstract embedder (Faiss-style small virtual interface). Implementations
/// are immutable after construction and embed() is thread-safe.
class ImageEmbedder {
 public:
  virtual ~ImageEmbedder() = default;

  /// Floats per embedding (> 0).
  virtual int dim() const = 0;

  /// Canonical spec string: embed::make_embedder(spec()) builds an equivalent
  /// embedder (for the ONNX embedder: absolute model path, every option explicit).
  virtual std::string spec() const = 0;

  /// Short name of the method, stored next to the vectors in the catalog
  /// (e.g. "reelscale-gist-colour-v1", "onnx-opencv-dnn").
  virtual std::string method() const = 0;

  /// Embeds one frame given its analysis images.
  /// @param gray grey analysis image (the pipeline's is `analysis_width`, 256, wide; >= 4x4)
  /// @param bgr  BGR image of the same frame (the pipeline's is 64 wide; >= 4x4)
  /// @param out  dim() floats; on return L2-normalised (all zeros only for an
  ///             all-zero model output)
  /// @throws std::invalid_argument on a wrong `out` size or too small images;
  ///         std::runtime_error when the model fails (message names the model).
  virtual void embed(const kernels::GrayView& gray, const kernels::BgrView& bgr, std::span<float> out) const = 0;
};

}  // namespace reelscale::embed
