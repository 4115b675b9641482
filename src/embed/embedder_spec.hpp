#pragma once
/// @file embedder_spec.hpp
/// The embedder spec string (`reelscale run --embedder SPEC`, job spec key
/// "embedder", stored in catalog.h5 so `reelscale query --image` uses the
/// catalog's embedder):
///
///   gist                                   the default GIST + colour layout (432 floats)
///   onnx:PATH[,size=WxH|N][,mean=M0:M1:M2|M][,std=S0:S1:S2|S][,rgb|,bgr][,output=NAME]
///
/// ONNX options (see onnx_embedder.hpp): size = input width x height in pixels
/// (default 224x224; N means NxN), mean/std = per-channel values on the 0..1
/// scale in the tensor's channel order (one value = all three; default the
/// ImageNet ones), rgb/bgr = tensor channel order (default rgb), output = name
/// of the output blob (default: the network's last output). PATH may contain
/// commas as long as no comma-separated part of it looks like an option.
/// Relative paths are relative to the working directory (to the spec file's
/// folder in a job spec); the canonical spec stores the absolute path.

#include <filesystem>
#include <memory>
#include <string>

#include "embed/image_embedder.hpp"
#include "embed/onnx_embedder.hpp"

namespace reelscale::embed {

/// A parsed spec.
struct EmbedderSpec {
  enum class Kind { gist, onnx };
  Kind kind = Kind::gist;
  OnnxOptions onnx;  ///< when kind == onnx
};

/// Parses a spec ("" means "gist"). Does not touch the model file.
/// @throws std::invalid_argument quoting the spec and the bad part.
EmbedderSpec parse_embedder_spec(const std::string& spec);

/// Canonical text of a spec: "gist", or the ONNX form with every option
/// explicit (output only when set) and the model path as given.
std::string format_embedder_spec(const EmbedderSpec& spec);

/// parse_embedder_spec, with a relative ONNX model path made relative to
/// `base`; returns the canonical text ("gist" stays "gist").
std::string resolve_embedder_spec(const std::string& spec, const std::filesystem::path& base);

/// Builds the embedder of a spec (loads and checks the ONNX model).
/// @throws std::invalid_argument for a malformed spec; std::runtime_error from
///         OnnxEmbedder (message names the model file).
std::shared_ptr<const ImageEmbedder> make_embedder(const std::string& spec);

/// The default embedder (GistEmbedder), shared.
std::shared_ptr<const ImageEmbedder> default_embedder();

}  // namespace reelscale::embed
