#pragma once
/// @file embedding.hpp
/// A deterministic, training-free image descriptor ("embedding") for frame,
/// shot and scene similarity search: a GIST-style layout of oriented filter
/// energies joined with a colour layout, L2-normalised.
///
/// Method
/// ------
/// 1. GIST part (Oliva & Torralba 2001, "Modeling the shape of the scene: a
///    holistic representation of the spatial envelope", IJCV 42(3); the tiny
///    image variant of Torralba, Fergus & Freeman 2008 computes it on 32x32
///    images). The grey image is area-resampled to kEmbedSide x kEmbedSide
///    (64x64, aspect ignored as in GIST), then a 3-level box pyramid (64, 32,
///    16 pixels) is filtered with the steerable quadrature pair G2/H2 of
///    Freeman & Adelson 1991 ("The design and use of steerable filters",
///    IEEE PAMI 13(9), Table III: 9 taps, sample spacing 0.67), which is
///    separable, so 7 basis filters give the oriented energy
///    E_theta = G2_theta^2 + H2_theta^2 at any of kEmbedOrientations = 8
///    orientations (theta = k*pi/8). Per level, the amplitude sqrt(mean E) is
///    pooled on a 4x4 grid (GIST's pooling), giving 8*16 = 128 values; these
///    are centred (their mean removed) and scaled to unit length, so the
///    descriptor describes where and in which directions the image has
///    structure, independent of global contrast. 3 levels: 384 values.
/// 2. Colour layout (in the spirit of MPEG-7's Colour Layout Descriptor,
///    Kasutani & Yamada 2001, without its DCT): the BGR image's mean
///    BT.601 Y, Cb, Cr per cell of a 4x4 grid, as (Y - 0.5, 2 Cb, 2 Cr) on
///    a 0..1 scale: 48 values.
/// 3. The two blocks are weighted (GIST block unit length times
///    gist_weight, colour block divided by 4 = sqrt(cells) times
///    colour_weight) and the whole 432-vector is L2-normalised, so the
///    inner product of two embeddings is their cosine similarity.
///
/// Cost: about 0.1-0.3 ms per frame on one core (bench/bench_embedding.cpp).

#include <cstdint>
#include <span>

#include "reelscale/kernels/image_view.hpp"

namespace reelscale::kernels {

/// Side of the square grey image the GIST part works on (pixels).
inline constexpr int kEmbedSide = 64;
/// Pyramid levels (64, 32, 16 pixels).
inline constexpr int kEmbedScales = 3;
/// Orientations per level (theta = k*pi/8, k = 0..7).
inline constexpr int kEmbedOrientations = 8;
/// Pooling grid side (4x4 cells) for both blocks.
inline constexpr int kEmbedGrid = 4;
/// Size of the GIST block: scales x orientations x cells = 384.
inline constexpr int kGistDim = kEmbedScales * kEmbedOrientations * kEmbedGrid * kEmbedGrid;
/// Size of the colour-layout block: 3 channels x cells = 48.
inline constexpr int kColourLayoutDim = 3 * kEmbedGrid * kEmbedGrid;
/// Length of an embedding (floats): 432.
inline constexpr int kEmbeddingDim = kGistDim + kColourLayoutDim;

/// Relative weights of the two blocks (before the final L2 normalisation).
struct EmbeddingWeights {
  float gist = 1.0f;    ///< multiplies the unit-length GIST block
  float colour = 2.5f;  ///< multiplies the colour block (per-cell RMS scale); 2.5 measured on the dev corpus scenes
};

/// Computes the embedding of one frame.
/// @param gray the grey analysis image (any size >= 4x4; the pipeline's is 256 wide).
/// @param bgr  a BGR image of the same frame (any size >= 4x4; the pipeline's is 64 wide).
/// @param out  kEmbeddingDim floats; on return L2-normalised (all zeros only if
///             both blocks are zero, which cannot happen for real images since
///             the colour block of a mid-grey image is the only zero one).
/// Deterministic and thread-safe; uses a thread-local scratch buffer (allocated
/// on a thread's first call).
/// @throws std::invalid_argument on a wrong output size or images smaller than 4x4.
void image_embedding(const GrayView& gray, const BgrView& bgr, std::span<float> out, const EmbeddingWeights& w = {});

/// Inner product of two equal-length vectors (the cosine similarity for
/// L2-normalised embeddings). @throws std::invalid_argument on a size mismatch.
float dot(std::span<const float> a, std::span<const float> b);

/// Scales `v` to unit L2 length in place; leaves an all-zero vector unchanged.
/// @return the length before scaling.
float l2_normalise(std::span<float> v);

}  // namespace reelscale::kernels
