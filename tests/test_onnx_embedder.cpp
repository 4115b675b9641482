/// @file test_onnx_embedder.cpp
/// The optional ONNX embedder of issue 5 (src/scenes/onnx_embedder.hpp,
/// embedder_spec.hpp) and its plumbing: `reelscale run --embedder onnx:MODEL`,
/// the embedder stored in catalog.h5, `reelscale query --image` with the
/// catalog's embedder, and the refusal to mix embedders in one catalog.
///
/// The models are written here, byte by byte, as ONNX protobuf (no Python, no
/// network): input "input" float [1,3,H,W] -> Conv 1x1 (fixed weights and
/// bias) -> GlobalAveragePool -> Flatten -> output "embedding" [1,C]. A 1x1
/// convolution followed by global average pooling is the convolution of the
/// per-channel means, so the expected embedding of a known image is computed
/// by hand: per-channel means of (pixel/255 - mean)/std, times the weights,
/// plus the bias, L2-normalised.

#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog_reader.hpp"
#include "catalog/catalog_writer.hpp"
#include "catalog/scene_catalog.hpp"
#include "embed/embedder_spec.hpp"
#include "embed/image_embedding.hpp"
#include "embed/onnx_embedder.hpp"
#include "run/job_spec.hpp"
#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
namespace rs = reelscale::scenes;
namespace rt = reelscale::testing;

// ---- a minimal protobuf writer (varints and length-delimited fields) ----

class Pb {
 public:
  Pb& varint(int field, std::uint64_t v) {
    key(field, 0);
    raw_varint(v);
    return *this;
  }
  Pb& bytes(int field, const std::string& b) {
    key(field, 2);
    raw_varint(b.size());
    s_ += b;
    return *this;
  }
  Pb& msg(int field, const Pb& m) { return bytes(field, m.s_); }
  /// Packed repeated float (TensorProto.float_data).
  Pb& floats(int field, const std::vector<float>& v) {
    std::string b(v.size() * 4, '\0');
    for (std::size_t i = 0; i < v.size(); ++i) {
      std::uint32_t u;
      std::memcpy(&u, &v[i], 4);
      for (int k = 0; k < 4; ++k) b[i * 4 + std::size_t(k)] = char((u >> (8 * k)) & 0xff);  // little-endian
    }
    return bytes(field, b);
  }
  const std::string& str() const { return s_; }

 private:
  void key(int field, int wire) { raw_varint(std::uint64_t(field) << 3 | std::uint64_t(wire)); }
  void raw_varint(std::uint64_t v) {
    while (v >= 0x80) {
      s_ += char((v & 0x7f) | 0x80);
      v >>= 7;
    }
    s_ += char(v);
  }
  std::string s_;
};

/// ValueInfoProto{name, type.tensor_type{elem_type FLOAT, shape}}.
Pb value_info(const std::string& name, const std::vector<std::int64_t>& shape) {
  Pb dims;
  for (auto d : shape) dims.msg(1, Pb().varint(1, std::uint64_t(d)));  // Dimension.dim_value
  Pb tensor_type;
  tensor_type.varint(1, 1).msg(2, dims);  // elem_type = FLOAT, shape
  return Pb().bytes(1, name).msg(2, Pb().msg(1, tensor_type));
}

/// TensorProto{dims, data_type FLOAT, float_data, name}.
Pb tensor(const std::string& name, const std::vector<std::int64_t>& dims, const std::vector<float>& v) {
  Pb t;
  for (auto d : dims) t.varint(1, std::uint64_t(d));
  t.varint(2, 1).floats(4, v).bytes(8, name);
  return t;
}

/// NodeProto{input..., output, name, op_type, attributes...}.
Pb node(const std::string& op, const std::vector<std::string>& in, const std::string& out,
        const std::vector<Pb>& attrs = {}) {
  Pb n;
  for (const auto& i : in) n.bytes(1, i);
  n.bytes(2, out).bytes(3, op + "_0").bytes(4, op);
  for (const auto& a : attrs) n.msg(5, a);
  return n;
}

Pb attr_int(const std::string& name, std::int64_t v) {
  return Pb().bytes(1, name).varint(3, std::uint64_t(v)).varint(20, 2);
}
Pb attr_ints(const std::string& name, const std::vector<std::int64_t>& v) {
  Pb a;
  a.bytes(1, name);
  for (auto x : v) a.varint(8, std::uint64_t(x));
  return a.varint(20, 7);
}

/// The test model: weights [C][3] and bias [C] of the 1x1 convolution.
struct TinyModel {
  std::vector<std::array<float, 3>> w;
  std::vector<float> b;
  int width = 32, height = 24;
  bool pool = true;  ///< false: no GAP/Flatten, the output is a [1,C,H,W] feature map
};

TinyModel default_model() {
  TinyModel m;
  m.w = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0.5f, 0.25f, -1.0f}, {0, 0, 0}};
  m.b = {0.1f, -0.2f, 0.3f, 1.0f, 0.5f};
  return m;
}

std::string onnx_bytes(const TinyModel& m) {
  const auto c = std::int64_t(m.w.size());
  std::vector<float> w;
  for (const auto& r : m.w) w.insert(w.end(), r.begin(), r.end());
  Pb g;
  g.msg(1, node("Conv", {"input", "W", "B"}, "conv",
                {attr_ints("kernel_shape", {1, 1}), attr_ints("strides", {1, 1}), attr_ints("pads", {0, 0, 0, 0})}));
  if (m.pool) {
    g.msg(1, node("GlobalAveragePool", {"conv"}, "gap"));
    g.msg(1, node("Flatten", {"gap"}, "embedding", {attr_int("axis", 1)}));
  }
  g.bytes(2, "tiny");
  g.msg(5, tensor("W", {c, 3, 1, 1}, w));
  g.msg(5, tensor("B", {c}, m.b));
  g.msg(11, value_info("input", {1, 3, m.height, m.width}));
  if (m.pool)
    g.msg(12, value_info("embedding", {1, c}));
  else
    g.msg(12, value_info("conv", {1, c, m.height, m.width}));
  Pb model;
  model.varint(1, 7).bytes(2, "reelscale-test").msg(7, g).msg(8, Pb().bytes(1, "").varint(2, 11));
  return model.str();
}

fs::path write_model(const fs::path& dir, const std::string& name, const TinyModel& m) {
  const fs::path p = dir / name;
  std::ofstream(p, std::ios::binary) << onnx_bytes(m);
  return p;
}

/// The expected embedding: per-channel means of (x/255 - mean)/std in tensor
/// order (RGB or BGR), through the 1x1 convolution, L2-normalised.
std::vector<float> expected(const cv::Mat& bgr, const TinyModel& m, const std::array<float, 3>& mean,
                            const std::array<float, 3>& sd, bool rgb) {
  std::array<double, 3> ch{};
  for (int y = 0; y < bgr.rows; ++y)
    for (int x = 0; x < bgr.cols; ++x) {
      const auto px = bgr.at<cv::Vec3b>(y, x);
      for (int c = 0; c < 3; ++c) {
        const int src = rgb ? 2 - c : c;  // tensor channel c from B,G,R
        ch[std::size_t(c)] += (px[src] / 255.0 - mean[std::size_t(c)]) / sd[std::size_t(c)];
      }
    }
  for (auto& v : ch) v /= double(bgr.total());
  std::vector<float> out;
  double n = 0;
  for (std::size_t k = 0; k < m.w.size(); ++k) {
    const double v = m.w[k][0] * ch[0] + m.w[k][1] * ch[1] + m.w[k][2] * ch[2] + m.b[k];
    out.push_back(float(v));
    n += v * v;
  }
  for (auto& v : out) v = float(v / std::sqrt(n));
  return out;
}

cv::Mat known_image(int w, int h) {
  cv::Mat img(h, w, CV_8UC3, cv::Scalar(200, 100, 50));
  img(cv::Rect(w / 2, 0, w - w / 2, h)).setTo(cv::Scalar(10, 20, 250));
  cv::rectangle(img, {2, 2, 6, 5}, {0, 255, 0}, cv::FILLED);
  return img;
}

rs::OnnxOptions options(const fs::path& model, const TinyModel& m, std::array<float, 3> mean,
                        std::array<float, 3> stdev, bool rgb = true) {
  rs::OnnxOptions o;
  o.model = model;
  o.width = m.width;
  o.height = m.height;
  o.mean = mean;
  o.std = stdev;
  o.rgb = rgb;
  return o;
}

TEST(OnnxEmbedder, DimensionAndValuesMatchHandComputation) {
  const fs::path dir = rt::scratch_dir("onnx-values");
  const TinyModel m = default_model();
  const fs::path model = write_model(dir, "tiny.onnx", m);
  const cv::Mat img = known_image(m.width, m.height);

  for (const bool rgb : {true, false}) {
    const rs::OnnxOptions o = options(model, m, {0.485f, 0.456f, 0.406f}, {0.229f, 0.224f, 0.225f}, rgb);
    const rs::OnnxEmbedder e(o);
    ASSERT_EQ(e.dim(), int(m.w.size()));
    std::vector<float> got(std::size_t(e.dim()));
    e.embed_colour(img, got);
    const auto want = expected(img, m, o.mean, o.std, rgb);
    for (std::size_t k = 0; k < want.size(); ++k) EXPECT_NEAR(got[k], want[k], 2e-5) << "rgb=" << rgb << " k=" << k;
    // Through the spec string: same embedder, same values.
    const auto e2 = rs::make_embedder(e.spec());
    EXPECT_EQ(e2->spec(), e.spec());
    EXPECT_EQ(e2->dim(), e.dim());
    std::vector<float> again(got.size());
    static_cast<const rs::OnnxEmbedder&>(*e2).embed_colour(img, again);
    EXPECT_EQ(again, got);
  }

  // Other mean/std; a larger image is area-resized to the input size first.
  const rs::OnnxOptions o = options(model, m, {0.5f, 0.25f, 0.0f}, {0.5f, 1.0f, 2.0f});
  const rs::OnnxEmbedder e(o);
  const cv::Mat big = known_image(m.width * 4, m.height * 4);
  cv::Mat small;
  cv::resize(big, small, {m.width, m.height}, 0, 0, cv::INTER_AREA);
  std::vector<float> got(std::size_t(e.dim()));
  e.embed_colour(big, got);
  const auto want = expected(small, m, o.mean, o.std, true);
  for (std::size_t k = 0; k < want.size(); ++k) EXPECT_NEAR(got[k], want[k], 2e-5) << k;
  double n = 0;
  for (float v : got) n += double(v) * v;
  EXPECT_NEAR(n, 1.0, 1e-5);
}

TEST(OnnxEmbedder, ParallelCallsAgree) {
  // One Net per thread: concurrent embed() calls give the serial results.
  const fs::path dir = rt::scratch_dir("onnx-threads");
  const TinyModel m = default_model();
  const auto e = rs::make_embedder("onnx:" + write_model(dir, "tiny.onnx", m).string() + ",size=32x24");
  std::vector<cv::Mat> imgs;
  for (int i = 0; i < 16; ++i)
    imgs.push_back(cv::Mat(48, 64, CV_8UC3, cv::Scalar(i * 15, 255 - i * 10, (i * 37) % 256)));
  std::vector<std::vector<float>> serial, par(imgs.size());
  for (const auto& im : imgs) serial.push_back(rs::embed_bgr_image(im, *e));
  std::vector<std::thread> th;
  for (int t = 0; t < 4; ++t)
    th.emplace_back([&, t] {
      for (std::size_t i = std::size_t(t); i < imgs.size(); i += 4) par[i] = rs::embed_bgr_image(imgs[i], *e);
    });
  for (auto& x : th) x.join();
  EXPECT_EQ(par, serial);
}

TEST(OnnxEmbedder, SpecParsing) {
  auto s = rs::parse_embedder_spec("onnx:/m/a,b.onnx,size=64,mean=0.5,std=0.1:0.2:0.3,bgr,output=feat");
  EXPECT_EQ(s.kind, rs::EmbedderSpec::Kind::onnx);
  EXPECT_EQ(s.onnx.model, fs::path("/m/a,b.onnx"));
  EXPECT_EQ(s.onnx.width, 64);
  EXPECT_EQ(s.onnx.height, 64);
  EXPECT_FLOAT_EQ(s.onnx.mean[2], 0.5f);
  EXPECT_FLOAT_EQ(s.onnx.std[1], 0.2f);
  EXPECT_FALSE(s.onnx.rgb);
  EXPECT_EQ(s.onnx.output, "feat");
  EXPECT_EQ(rs::format_embedder_spec(s),
            "onnx:/m/a,b.onnx,size=64x64,mean=0.5:0.5:0.5,std=0.1:0.2:0.3,bgr,output=feat");
  EXPECT_EQ(rs::parse_embedder_spec(rs::format_embedder_spec(s)).onnx.std, s.onnx.std);
  EXPECT_EQ(rs::parse_embedder_spec("gist").kind, rs::EmbedderSpec::Kind::gist);
  EXPECT_EQ(rs::parse_embedder_spec("").kind, rs::EmbedderSpec::Kind::gist);
  EXPECT_EQ(rs::resolve_embedder_spec("onnx:m.onnx", "/jobs"),
            "onnx:/jobs/m.onnx,size=224x224,mean=0.485:0.456:0.406,std=0.229:0.224:0.225,rgb");
  for (const char* bad : {"clip", "onnx:", "onnx:m.onnx,size=0x5", "onnx:m.onnx,size=axb", "onnx:m.onnx,std=0",
                          "onnx:m.onnx,mean=1:2", "onnx:m.onnx,rgb,colour=1"})
    EXPECT_THROW(rs::parse_embedder_spec(bad), std::invalid_argument) << bad;
}

TEST(OnnxEmbedder, JobSpecEmbedderIsRelativeToTheSpec) {
  const fs::path dir = rt::scratch_dir("onnx-job");
  std::ofstream(dir / "job.json")
      << R"({"inputs": ["media"], "out": "out", "embedder": "onnx:models/m.onnx,size=32x24"})";
  const auto spec = reelscale::run::load_job_spec(dir / "job.json");
  ASSERT_TRUE(spec.embedder);
  EXPECT_EQ(*spec.embedder, "onnx:" + (fs::absolute(dir) / "models/m.onnx").lexically_normal().string() +
                                ",size=32x24,mean=0.485:0.456:0.406,std=0.229:0.224:0.225,rgb");
  std::ofstream(dir / "bad.json") << R"({"embedder": "onnx:m.onnx,rgb,colour=1"})";
  EXPECT_THROW(reelscale::run::load_job_spec(dir / "bad.json"), std::runtime_error);
}

/// The message of what `fn` throws (empty when it does not throw).
template <class F>
std::string error_of(F fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

TEST(OnnxEmbedder, ErrorsNameTheModel) {
  const fs::path dir = rt::scratch_dir("onnx-errors");
  const fs::path missing = dir / "missing.onnx";
  std::string msg = error_of([&] { rs::make_embedder("onnx:" + missing.string()); });
  EXPECT_NE(msg.find(missing.string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("not found"), std::string::npos) << msg;

  const fs::path corrupt = dir / "corrupt.onnx";
  std::ofstream(corrupt, std::ios::binary) << "this is not a protobuf \x01\x02\x03\xff\xfe";
  msg = error_of([&] { rs::make_embedder("onnx:" + corrupt.string()); });
  EXPECT_NE(msg.find(corrupt.string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("cannot load"), std::string::npos) << msg;

  // Truncated real model.
  const fs::path truncated = dir / "truncated.onnx";
  const std::string bytes = onnx_bytes(default_model());
  std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  msg = error_of([&] { rs::make_embedder("onnx:" + truncated.string() + ",size=32x24"); });
  EXPECT_NE(msg.find(truncated.string()), std::string::npos) << msg;

  TinyModel fm = default_model();
  fm.pool = false;
  const fs::path featmap = write_model(dir, "featmap.onnx", fm);
  msg = error_of([&] { rs::make_embedder("onnx:" + featmap.string() + ",size=32x24"); });
  EXPECT_NE(msg.find(featmap.string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("not one vector"), std::string::npos) << msg;

  const fs::path good = write_model(dir, "good.onnx", default_model());
  msg = error_of([&] { rs::make_embedder("onnx:" + good.string() + ",size=32x24,output=nope"); });
  EXPECT_NE(msg.find(good.string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("nope"), std::string::npos) << msg;
  // An intermediate output by ONNX node name: the GAP output [1,C,1,1] is one vector too.
  EXPECT_EQ(rs::make_embedder("onnx:" + good.string() + ",size=32x24,output=GlobalAveragePool_0")->dim(), 5);
  EXPECT_EQ(rs::make_embedder("onnx:" + good.string() + ",size=32x24,output=embedding")->dim(), 5);
}

TEST(OnnxEmbedder, CatalogRefusesMixedEmbedders) {
  const fs::path dir = rt::scratch_dir("onnx-mixed");
  auto rec = [](const std::string& id, const std::string& embedder, int dim) {
    reelscale::AssetRecord r;
    r.id = id;
    r.path = "/x/" + id;
    r.scenes.embedding_dim = dim;
    r.scenes.embedder = embedder;
    return r;
  };
  {
    reelscale::catalog::CatalogWriter w(dir / "a.h5");
    w.write_asset(rec("one", "onnx:/m.onnx", 5));
    w.write_asset(rec("none", "", 0));  // no embeddings: does not count
    const std::string msg = error_of([&] { w.write_asset(rec("two", "gist", 432)); });
    EXPECT_NE(msg.find("mix"), std::string::npos) << msg;
    EXPECT_NE(msg.find("onnx:/m.onnx"), std::string::npos) << msg;
    w.close();
  }
  const auto ce = reelscale::catalog::read_catalog_embedder(dir / "a.h5");
  EXPECT_EQ(ce.spec, "onnx:/m.onnx");
  EXPECT_EQ(ce.dim, 5);
  EXPECT_EQ(ce.assets, 1u);
  {
    // The merge path (copy_asset_from) refuses too.
    reelscale::catalog::CatalogWriter b(dir / "b.h5");
    b.write_asset(rec("three", "gist", 432));
    b.close();
    reelscale::catalog::CatalogWriter m(dir / "m.h5");
    m.copy_asset_from(dir / "a.h5", "one");
    const std::string msg = error_of([&] { m.copy_asset_from(dir / "b.h5", "three"); });
    EXPECT_NE(msg.find("mix"), std::string::npos) << msg;
  }
}

// ---- end to end: reelscale run --embedder onnx:MODEL, query --image ----

bool ffmpeg(const std::string& args) {
  int status = 0;
  const std::string out =
      rt::run_capture("ffmpeg -nostdin -hide_banner -loglevel error -y " + args + " </dev/null 2>&1", &status);
  if (status != 0) ADD_FAILURE() << "ffmpeg failed: " << args << "\n" << out;
  return status == 0;
}

TEST(OnnxEmbedder, RunAndQueryEndToEnd) {
  const fs::path dir = rt::scratch_dir("onnx-e2e");
  const fs::path media = dir / "media", out = dir / "out";
  fs::create_directories(media);
  const fs::path clip = media / "two_scenes.mp4";
  // Two 5 s shots of testsrc2, the first tinted red, the second blue: two scenes
  // whose colour means differ (a single shot shorter than 4 s would merge into
  // its neighbour). The model: identity on the normalised channel means plus
  // R - B, no bias, mean 0.3 and std 0.5, so the two tints point apart.
  ASSERT_TRUE(
      ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=25:duration=5 -f lavfi -i "
             "testsrc2=size=320x240:rate=25:duration=5 -filter_complex "
             "'[0:v]lutrgb=g=val*0.3:b=val*0.3[a];[1:v]lutrgb=r=val*0.3:g=val*0.3[b];[a][b]concat=n=2:v=1[v]' "
             "-map '[v]' -c:v libx264 -crf 16 -pix_fmt yuv420p " +
             rt::shell_quote(clip.string())));
  TinyModel m;
  m.w = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, -1}};
  m.b = {0, 0, 0, 0};
  const fs::path model = write_model(dir, "tiny.onnx", m);
  const std::string spec = "onnx:" + model.string() + ",size=32x24,mean=0.3,std=0.5";

  int status = 0;
  std::string log = rt::run_capture(rt::shell_quote(rt::reelscale_binary().string()) + " run --input " +
                                        rt::shell_quote(media.string()) + " --out " + rt::shell_quote(out.string()) +
                                        " --threads 2 --no-audio --embedder " + rt::shell_quote(spec) + " 2>&1",
                                    &status);
  ASSERT_EQ(status, 0) << log;

  const fs::path h5 = out / "catalog.h5";
  const auto ce = reelscale::catalog::read_catalog_embedder(h5);
  EXPECT_EQ(ce.dim, int(m.w.size()));
  EXPECT_EQ(ce.spec, "onnx:" + model.string() + ",size=32x24,mean=0.3:0.3:0.3,std=0.5:0.5:0.5,rgb");
  const auto ids = reelscale::catalog::list_asset_ids(h5);
  ASSERT_EQ(ids.size(), 1u);
  const auto rec = reelscale::catalog::read_asset(h5, ids[0], false);
  ASSERT_EQ(rec.scenes.embedding_dim, int(m.w.size()));
  ASSERT_FALSE(rec.scenes.embedded_frames.empty());
  ASSERT_EQ(rec.scenes.frame_embeddings.size(), rec.scenes.embedded_frames.size() * m.w.size());
  for (std::size_t i = 0; i < rec.scenes.embedded_frames.size(); ++i) {
    double n = 0;
    for (std::size_t k = 0; k < m.w.size(); ++k) n += std::pow(rec.scenes.frame_embeddings[i * m.w.size() + k], 2);
    EXPECT_NEAR(n, 1.0, 1e-4) << "row " << i;  // really embedded (deferred batches filled every row)
  }
  ASSERT_GE(rec.scenes.scenes.size(), 2u);

  // Query with a frame from the middle of the second scene (frame 187, 7.5 s).
  const fs::path png = dir / "frame.png";
  ASSERT_TRUE(ffmpeg("-i " + rt::shell_quote(clip.string()) + " -vf 'select=eq(n\\,187)' -frames:v 1 " +
                     rt::shell_quote(png.string())));
  const std::string query = rt::shell_quote(rt::reelscale_binary().string()) + " query " +
                            rt::shell_quote(out.string()) + " --image " + rt::shell_quote(png.string());
  const std::string js = rt::run_capture(query + " --json -k 3 2>/dev/null", &status);
  ASSERT_EQ(status, 0) << js;
  const auto arr = nlohmann::json::parse(js);
  ASSERT_FALSE(arr.empty()) << js;
  EXPECT_LE(arr[0]["start"].get<std::int64_t>(), 187) << js;
  EXPECT_GE(arr[0]["end"].get<std::int64_t>(), 187) << js;
  EXPECT_GE(arr[0]["start"].get<std::int64_t>(), 100) << js;  // not the testsrc2 scene
  EXPECT_GT(arr[0]["score"].get<double>(), 0.99) << js;

  // The catalog's model is gone: the query says which file it needs.
  fs::rename(model, dir / "moved.onnx");
  const std::string err = rt::run_capture(query + " 2>&1", &status);
  EXPECT_NE(status, 0) << err;
  EXPECT_NE(err.find(model.string()), std::string::npos) << err;

  // A corrupt model stops `run` before any work, naming the file.
  const fs::path corrupt = dir / "corrupt.onnx";
  std::ofstream(corrupt, std::ios::binary) << "garbage";
  log = rt::run_capture(rt::shell_quote(rt::reelscale_binary().string()) + " run --input " +
                            rt::shell_quote(media.string()) + " --out " + rt::shell_quote((dir / "out2").string()) +
                            " --embedder onnx:" + rt::shell_quote(corrupt.string()) + " 2>&1",
                        &status);
  EXPECT_NE(status, 0) << log;
  EXPECT_NE(log.find(corrupt.string()), std::string::npos) << log;
}

}  // namespace
