#pragma once
/// @file gist_embedder.hpp
/// The default embedder ("gist"): kernels::image_embedding, a GIST layout of
/// oriented filter energies on the grey image plus a colour layout of the BGR
/// image, kernels::kEmbeddingDim (432) floats, ~0.3 ms per frame. Only the
/// candidate frames are embedded (scenes::CandidateCollector): embedding every frame
/// in the parallel stage cost 10-20 % of the CPU time of a full run on the dev
/// corpus for vectors that were thrown away (bench/README.md).

#include "embed/image_embedder.hpp"
#include "record/scene_analysis.hpp"
#include "reelscale/kernels/embedding.hpp"

namespace reelscale::embed {

class GistEmbedder final : public ImageEmbedder {
 public:
  explicit GistEmbedder(kernels::EmbeddingWeights w = {}) : w_(w) {}
  int dim() const override { return kernels::kEmbeddingDim; }
  std::string spec() const override { return record::kDefaultEmbedder; }
  std::string method() const override { return "reelscale-gist-colour-v1"; }
  void embed(const kernels::GrayView& gray, const kernels::BgrView& bgr, std::span<float> out) const override {
    kernels::image_embedding(gray, bgr, out, w_);
  }

 private:
  kernels::EmbeddingWeights w_;
};

}  // namespace reelscale::embed
