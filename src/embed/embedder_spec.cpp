#include "embed/embedder_spec.hpp"

#include <cmath>
#include <locale>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "embed/gist_embedder.hpp"
#include "record/scene_analysis.hpp"

namespace reelscale::embed {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) return out;
    start = p + 1;
  }
}

bool is_option(const std::string& part) {
  for (const char* k : {"size=", "mean=", "std=", "output="})
    if (part.rfind(k, 0) == 0) return true;
  return part == "rgb" || part == "bgr";
}

float parse_float(const std::string& v, const std::string& spec) {
  std::istringstream in(v);
  in.imbue(std::locale::classic());
  float x = 0;
  if (!(in >> x) || !in.eof() || !std::isfinite(x))
    throw std::invalid_argument("embedder spec '" + spec + "': '" + v + "' is not a number");
  return x;
}

std::array<float, 3> parse_triple(const std::string& v, const std::string& spec, const char* key) {
  const auto parts = split(v, ':');
  if (parts.size() == 1) {
    const float x = parse_float(parts[0], spec);
    return {x, x, x};
  }
  if (parts.size() != 3)
    throw std::invalid_argument("embedder spec '" + spec + "': " + key + "= takes 1 or 3 values separated by ':'");
  return {parse_float(parts[0], spec), parse_float(parts[1], spec), parse_float(parts[2], spec)};
}

int parse_int(const std::string& v, const std::string& spec) {
  if (v.empty() || v.size() > 5 || v.find_first_not_of("0123456789") != std::string::npos)
    throw std::invalid_argument("embedder spec '" + spec + "': bad size '" + v + "' (expected WxH or N pixels)");
  return std::stoi(v);
}

std::string fmt_float(float v) {
  std::ostringstream o;
  o.imbue(std::locale::classic());
  o.precision(7);
  o << v;
  return o.str();
}

}  // namespace

EmbedderSpec parse_embedder_spec(const std::string& spec) {
  EmbedderSpec s;
  if (spec.empty() || spec == record::kDefaultEmbedder) return s;
  if (spec.rfind("onnx:", 0) != 0)
    throw std::invalid_argument("embedder spec '" + spec + "': expected 'gist' or 'onnx:PATH[,options]'");
  s.kind = EmbedderSpec::Kind::onnx;
  const auto parts = split(spec.substr(5), ',');
  std::size_t i = 0;
  std::string path = parts[0];
  for (i = 1; i < parts.size() && !is_option(parts[i]); ++i) path += "," + parts[i];
  if (path.empty()) throw std::invalid_argument("embedder spec '" + spec + "': no model path after 'onnx:'");
  s.onnx.model = path;
  for (; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    if (p == "rgb" || p == "bgr") {
      s.onnx.rgb = p == "rgb";
    } else if (p.rfind("size=", 0) == 0) {
      const std::string v = p.substr(5);
      const auto x = v.find_first_of("xX");
      s.onnx.width = parse_int(v.substr(0, x), spec);
      s.onnx.height = x == std::string::npos ? s.onnx.width : parse_int(v.substr(x + 1), spec);
      if (s.onnx.width < 1 || s.onnx.height < 1 || s.onnx.width > 8192 || s.onnx.height > 8192)
        throw std::invalid_argument("embedder spec '" + spec + "': size out of range 1..8192");
    } else if (p.rfind("mean=", 0) == 0) {
      s.onnx.mean = parse_triple(p.substr(5), spec, "mean");
    } else if (p.rfind("std=", 0) == 0) {
      s.onnx.std = parse_triple(p.substr(4), spec, "std");
      for (float x : s.onnx.std)
        if (!(x > 0)) throw std::invalid_argument("embedder spec '" + spec + "': std values must be > 0");
    } else if (p.rfind("output=", 0) == 0) {
      s.onnx.output = p.substr(7);
      if (s.onnx.output.empty()) throw std::invalid_argument("embedder spec '" + spec + "': empty output=");
    } else {
      throw std::invalid_argument("embedder spec '" + spec + "': unknown option '" + p +
                                  "' (known: size=WxH, mean=a:b:c, std=a:b:c, rgb, bgr, output=NAME)");
    }
  }
  return s;
}

std::string format_embedder_spec(const EmbedderSpec& s) {
  if (s.kind == EmbedderSpec::Kind::gist) return record::kDefaultEmbedder;
  const OnnxOptions& o = s.onnx;
  std::string t = "onnx:" + o.model.string() + ",size=" + std::to_string(o.width) + "x" + std::to_string(o.height);
  t += ",mean=" + fmt_float(o.mean[0]) + ":" + fmt_float(o.mean[1]) + ":" + fmt_float(o.mean[2]);
  t += ",std=" + fmt_float(o.std[0]) + ":" + fmt_float(o.std[1]) + ":" + fmt_float(o.std[2]);
  t += o.rgb ? ",rgb" : ",bgr";
  if (!o.output.empty()) t += ",output=" + o.output;
  return t;
}

std::string resolve_embedder_spec(const std::string& spec, const std::filesystem::path& base) {
  EmbedderSpec s = parse_embedder_spec(spec);
  if (s.kind == EmbedderSpec::Kind::onnx && s.onnx.model.is_relative())
    s.onnx.model = (base / s.onnx.model).lexically_normal();
  return format_embedder_spec(s);
}

std::shared_ptr<const ImageEmbedder> make_embedder(const std::string& spec) {
  const EmbedderSpec s = parse_embedder_spec(spec);
  if (s.kind == EmbedderSpec::Kind::gist) return default_embedder();
  return std::make_shared<const OnnxEmbedder>(s.onnx);
}

std::shared_ptr<const ImageEmbedder> default_embedder() {
  static const auto gist = std::make_shared<const GistEmbedder>();
  return gist;
}

}  // namespace reelscale::embed
