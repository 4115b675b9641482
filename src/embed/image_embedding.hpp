#pragma once
/// @file image_embedding.hpp
/// Embedding of a still image (query by image), computed on the same analysis
/// images as the pipeline: grey 256 wide and BGR 64 wide, area-averaged,
/// display aspect kept (heights rounded to even), then an ImageEmbedder
/// (default: the GIST embedder, kernels::image_embedding).

#include <filesystem>
#include <vector>

namespace cv {
class Mat;
}

namespace reelscale::embed {

class ImageEmbedder;

/// Embedding (kernels::kEmbeddingDim floats, L2-normalised) of a BGR 8-bit image.
/// @throws std::invalid_argument on an empty or non-CV_8UC3 image.
std::vector<float> embed_bgr_image(const cv::Mat& bgr, int gray_width = 256, int bgr_width = 64);

/// Reads `file` with OpenCV (colour) and embeds it.
/// @throws std::runtime_error naming the file when it cannot be read.
std::vector<float> embed_image_file(const std::filesystem::path& file);

/// Embedding (embedder.dim() floats, L2-normalised) of a BGR 8-bit image with
/// `embedder`, on the same analysis images as the pipeline.
/// @throws std::invalid_argument on an empty or non-CV_8UC3 image; whatever the embedder throws.
std::vector<float> embed_bgr_image(const cv::Mat& bgr, const ImageEmbedder& embedder, int gray_width = 256,
                                   int bgr_width = 64);

/// Reads `file` with OpenCV (colour) and embeds it with `embedder`.
/// @throws std::runtime_error naming the file when it cannot be read.
std::vector<float> embed_image_file(const std::filesystem::path& file, const ImageEmbedder& embedder);

}  // namespace reelscale::embed
