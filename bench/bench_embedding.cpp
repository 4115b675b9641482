// Google Benchmark of the embedding kernel (kernels/src/embedding.cpp) at the
// pipeline's analysis sizes: grey 256x144 + BGR 64x36 (16:9) and grey 256x192
// + BGR 64x48 (4:3). Reported time is per frame on one thread; items/s = frames/s.

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "reelscale/kernels/embedding.hpp"

namespace {

namespace rk = reelscale::kernels;

/// Smooth-ish random content (gradients, stripes and noise), deterministic.
std::vector<std::uint8_t> make_pixels(int w, int h, int channels, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> noise(-20, 20);
  std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * h * channels);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w * channels; ++x) {
      const int base = (x * 255) / (w * channels) / 2 + (y * 255) / h / 2 + ((x / 7 + y / 5) % 2) * 40;
      const int v = base + noise(rng);
      px[static_cast<std::size_t>(y) * w * channels + x] = static_cast<std::uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
    }
  return px;
}

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
