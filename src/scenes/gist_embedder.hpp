#pragma once
/// @file gist_embedder.hpp
/// The default embedder ("gist"): kernels::image_embedding, a GIST layout of
/// oriented filter energies on the grey image plus a colour layout of the BGR
/// image, kernels::kEmbeddingDim (432) floats. Cheap (~0.3 ms per frame), so
/// the pipeline embeds every frame in its parallel stage.

#include "reelscale/kernels/embedding.hpp"
#include "scenes/image_embedder.hpp"

namespace reelscale::scenes {

class GistEmbedder final : public ImageEmbedder {
 public:
  explicit GistEmbedder(kernels::EmbeddingWeights w = {}) : w_(w) {}
  int dim() const override { return kernels::kEmbeddingDim; }
  std::string spec() const override { return "gist"; }
  std::string method() const override { return "reelscale-gist-colour-v1"; }
  void embed(const kernels::GrayView& gray, const kernels::BgrView& bgr, std::span<float> out) const override {
    kernels::image_embedding(gray, bgr, out, w_);
  }

 private:
  kernels::EmbeddingWeights w_;
};

}  // namespace reelscale::scenes
