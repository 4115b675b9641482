// Google Benchmark of the per-frame kernels at the sizes the pipeline uses:
// pHash / thumbnail on 32x32 grey, Laplacian / luma stats on 256x144 grey,
// HSV histogram on 64x36 BGR. Reported time is per call (one frame).

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "bench_pixels.hpp"
#include "reelscale/kernels/downscale.hpp"
#include "reelscale/kernels/frame_kernels.hpp"

namespace {

namespace rk = reelscale::kernels;

using reelscale::bench::make_pixels;

void BM_PHash64_32x32(benchmark::State& state) {
  const auto px = make_pixels(32, 32, 1, 1);
  const rk::GrayView v{px.data(), 32, 32, 32};
  for (auto _ : state) benchmark::DoNotOptimize(rk::phash64(v));
}
BENCHMARK(BM_PHash64_32x32);

void BM_LaplacianVariance_256x144(benchmark::State& state) {
  const auto px = make_pixels(256, 144, 1, 2);
  const rk::GrayView v{px.data(), 256, 144, 256};
  for (auto _ : state) benchmark::DoNotOptimize(rk::laplacian_variance(v));
  state.SetItemsProcessed(state.iterations() * 256 * 144);
}
BENCHMARK(BM_LaplacianVariance_256x144);

void BM_LumaStats_256x144(benchmark::State& state) {
  const auto px = make_pixels(256, 144, 1, 3);
  const rk::GrayView v{px.data(), 256, 144, 256};
  for (auto _ : state) benchmark::DoNotOptimize(rk::luma_stats(v));
  state.SetItemsProcessed(state.iterations() * 256 * 144);
}
BENCHMARK(BM_LumaStats_256x144);

void BM_HsvHistogram_64x36(benchmark::State& state) {
  const auto px = make_pixels(64, 36, 3, 4);
  const rk::BgrView v{px.data(), 64, 36, 64 * 3};
  std::array<float, rk::kHsvBins> hist{};
  for (auto _ : state) {
    rk::hsv_histogram(v, hist);
    benchmark::DoNotOptimize(hist.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * 64 * 36);
}
BENCHMARK(BM_HsvHistogram_64x36);

void BM_HistogramDistance(benchmark::State& state) {
  const auto pa = make_pixels(64, 36, 3, 5);
  const auto pb = make_pixels(64, 36, 3, 6);
  std::array<float, rk::kHsvBins> a{}, b{};
  rk::hsv_histogram(rk::BgrView{pa.data(), 64, 36, 64 * 3}, a);
  rk::hsv_histogram(rk::BgrView{pb.data(), 64, 36, 64 * 3}, b);
  for (auto _ : state) benchmark::DoNotOptimize(rk::histogram_distance(a, b));
}
BENCHMARK(BM_HistogramDistance);

void BM_LumaThumbnail_32x32(benchmark::State& state) {
  const auto px = make_pixels(32, 32, 1, 7);
  const rk::GrayView v{px.data(), 32, 32, 32};
  std::array<std::uint8_t, rk::kThumbSide * rk::kThumbSide> t{};
  for (auto _ : state) {
    rk::luma_thumbnail(v, t);
    benchmark::DoNotOptimize(t.data());
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_LumaThumbnail_32x32);

void BM_ThumbnailDistance(benchmark::State& state) {
  const auto pa = make_pixels(16, 16, 1, 8);
  const auto pb = make_pixels(16, 16, 1, 9);
  for (auto _ : state) benchmark::DoNotOptimize(rk::thumbnail_distance(pa, pb));
}
BENCHMARK(BM_ThumbnailDistance);

void BM_HammingDistance(benchmark::State& state) {
  std::uint64_t a = 0x0123456789abcdefULL, b = 0xfedcba9876543210ULL;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(rk::hamming_distance(a, b));
  }
}
BENCHMARK(BM_HammingDistance);

}  // namespace

// Analysis-image preparation: one 1280x720 luma plane to 256x144 (factor 5),
// one 720x576 plane to 240x192 (factor 3).
static void BM_BoxDownscale(benchmark::State& state) {
  const int w = int(state.range(0)), h = int(state.range(1)), f = int(state.range(2));
  std::vector<std::uint8_t> src(std::size_t(w) * h);
  std::mt19937 rng(3);
  for (auto& p : src) p = std::uint8_t(rng());
  std::vector<std::uint8_t> dst(std::size_t(w / f) * (h / f));
  for (auto _ : state) {
    reelscale::kernels::box_downscale({src.data(), w, h, w}, f, f, dst);
    benchmark::DoNotOptimize(dst.data());
  }
}
BENCHMARK(BM_BoxDownscale)->Args({1280, 720, 5})->Args({720, 576, 3});
