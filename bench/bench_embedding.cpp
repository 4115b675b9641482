// Google Benchmark of the embedding kernel (kernels/src/embedding.cpp) at the
// pipeline's analysis sizes: grey 256x144 + BGR 64x36 (16:9) and grey 256x192
// + BGR 64x48 (4:3). Reported time is per frame on one thread; items/s = frames/s.

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "bench_pixels.hpp"
#include "reelscale/kernels/embedding.hpp"

namespace {

namespace rk = reelscale::kernels;

using reelscale::bench::make_pixels;

void BM_ImageEmbedding(benchmark::State& state) {
  const int gh = static_cast<int>(state.range(0)), bh = gh / 4;
  const auto g = make_pixels(256, gh, 1, 1);
  const auto b = make_pixels(64, bh, 3, 2);
  const rk::GrayView gv{g.data(), 256, gh, 256};
  const rk::BgrView bv{b.data(), 64, bh, 64 * 3};
  std::array<float, rk::kEmbeddingDim> out{};
  for (auto _ : state) {
    rk::image_embedding(gv, bv, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ImageEmbedding)->Arg(144)->Arg(192);

void BM_EmbeddingDot(benchmark::State& state) {
  std::vector<float> a(rk::kEmbeddingDim, 0.05f), b(rk::kEmbeddingDim, 0.04f);
  for (auto _ : state) benchmark::DoNotOptimize(rk::dot(a, b));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EmbeddingDot);

}  // namespace
