#pragma once
/// @file onnx_embedder.hpp
/// A user-supplied ONNX image model as embedder ("onnx:PATH,...", issue 5),
/// run with OpenCV DNN (cv::dnn::readNetFromONNX, OpenCV backend, CPU).
///
/// Input tensor: float32 [1, 3, height, width] (NCHW). A frame's input image
/// is the colour analysis image (the grey analysis image as luma, chroma from
/// the 64-wide BGR image: embed::colour_analysis_image, the same pixels as the
/// stored keyframes) resized to width x height without keeping the aspect
/// (area interpolation when shrinking, bilinear when enlarging). Pixel values
/// are scaled to 0..1, put in `rgb` (R,G,B) or BGR channel order, and each
/// channel c becomes (x - mean[c]) / std[c], with mean/std given in that
/// channel order. Defaults are the usual ImageNet ones (224x224, RGB,
/// mean 0.485/0.456/0.406, std 0.229/0.224/0.225).
///
/// Output: the blob of layer `output` (default: the network's last unconnected
/// output; a name is an ONNX node name or a graph output name), which must hold one vector per image: shape [1, D] or
/// [1, D, 1, 1] (any shape with a single dimension > 1). It is flattened to D floats and L2-normalised. D, the
/// embedding dimension, is read from the model at construction (one forward pass on a mid-grey image).
///
/// Threads: cv::dnn::Net::forward() is not thread-safe, so every thread that
/// calls embed() gets its own Net (built on first use from the model bytes
/// read once at construction; tbb::enumerable_thread_specific). OpenCV's own
/// parallelism inside a forward pass follows cv::setNumThreads (process-wide):
/// `reelscale run` sets it to 1 because it already embeds frames in parallel.

#include <array>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "embed/image_embedder.hpp"

namespace cv {
class Mat;
}

namespace reelscale::embed {

/// Settings of an OnnxEmbedder (the options of the "onnx:" spec).
struct OnnxOptions {
  std::filesystem::path model;                        ///< the .onnx file
  int width = 224, height = 224;                      ///< input size in pixels (the tensor is [1,3,height,width])
  std::array<float, 3> mean{0.485f, 0.456f, 0.406f};  ///< per channel, on the 0..1 scale, in tensor channel order
  std::array<float, 3> std{0.229f, 0.224f, 0.225f};   ///< per channel (> 0), in tensor channel order
  bool rgb = true;                                    ///< tensor channel order: true R,G,B; false B,G,R
  /// Output layer: an ONNX node name (OpenCV calls its layer "onnx_node!NAME";
  /// either form) or a graph output name; empty = the network's last output.
  std::string output;
};

class OnnxEmbedder final : public ImageEmbedder {
 public:
  /// Reads and checks the model: loads it with OpenCV DNN and runs one forward
  /// pass to learn the output dimension.
  /// @throws std::runtime_error whose message names the model file and what
  ///         failed: missing/unreadable file, OpenCV's parse error text, an
  ///         unknown output name, a failed forward pass (e.g. an input size the
  ///         model does not accept), an output that is not one vector per image;
  ///         std::invalid_argument on bad options (size < 1, std <= 0).
  explicit OnnxEmbedder(OnnxOptions o);
  ~OnnxEmbedder() override;
  OnnxEmbedder(const OnnxEmbedder&) = delete;
  OnnxEmbedder& operator=(const OnnxEmbedder&) = delete;

  int dim() const override { return dim_; }
  /// "onnx:ABSOLUTE_PATH,size=WxH,mean=a:b:c,std=a:b:c,rgb|bgr[,output=NAME]".
  std::string spec() const override;
  std::string method() const override { return "onnx-opencv-dnn"; }
  /// Embeds colour_analysis_image(gray, bgr) with embed_colour.
  void embed(const kernels::GrayView& gray, const kernels::BgrView& bgr, std::span<float> out) const override;

  /// Runs the model on a BGR 8-bit image of any size (resized to the input
  /// size as described above) and writes the L2-normalised output to `out`
  /// (dim() floats). Thread-safe.
  /// @throws std::invalid_argument on an empty/non-CV_8UC3 image or a wrong
  ///         `out` size; std::runtime_error naming the model when the forward pass fails.
  void embed_colour(const cv::Mat& bgr8, std::span<float> out) const;

  const OnnxOptions& options() const { return o_; }

 private:
  /// The raw output of the model for `bgr8` (checked to be one vector, flattened).
  std::vector<float> forward(const cv::Mat& bgr8) const;

  struct Impl;
  OnnxOptions o_;
  std::unique_ptr<Impl> impl_;
  int dim_ = 0;
};

}  // namespace reelscale::embed
