/// @file analyser_cost.cpp
/// CPU and wall cost of TextAnalyser and ModerationAnalyser on the frames of one programme
/// sampled at 1 Hz (PNG files from `ffmpeg -vf fps=1`), one thread, as the pipeline would
/// hand them over (longest side at most max_side). Prints one line per stage and peak RSS.
///   reelscale_analyser_cost FRAME_DIR [MODEL_DIR]

#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "record/asset_record.hpp"
#include "moderation/moderation_analyser.hpp"
#include "text/text_analyser.hpp"
#include "util/model_dir.hpp"

using namespace reelscale;

namespace {

double cpu_s() { return double(std::clock()) / CLOCKS_PER_SEC; }

long peak_rss_kib() {
  std::ifstream in("/proc/self/status");
  for (std::string l; std::getline(in, l);)
    if (l.rfind("VmHWM:", 0) == 0) return std::stol(l.substr(6));
  return 0;
}

void run(analysis::FrameAnalyser& a, const std::vector<cv::Mat>& frames, const char* name) {
  const double c0 = cpu_s();
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < frames.size(); ++i) {
    cv::Mat f = frames[i];
    const double s = std::min(1.0, double(a.max_side()) / std::max(f.cols, f.rows));
    if (s < 1) cv::resize(f, f, {}, s, s, cv::INTER_AREA);
    a.analyse({std::int64_t(i) * 25, double(i), f, 1 / s});
  }
  const auto r = a.finish(AssetRecord{});
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%-10s frames %3zu  wall %7.2f s  cpu %7.2f s  (%.0f ms/frame)  sidecar %zu bytes\n", name, frames.size(),
              wall, cpu_s() - c0, 1000 * wall / std::max<std::size_t>(1, frames.size()), r.sidecar.dump().size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: reelscale_analyser_cost FRAME_DIR [MODEL_DIR]\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1], models = argc > 2 ? argv[2] : "";
  std::vector<cv::Mat> frames;
  for (int i = 1;; ++i) {
    cv::Mat m = cv::imread((dir / cv::format("%04d.png", i)).string());
    if (m.empty()) break;
    frames.push_back(m);
  }
  const auto det = util::find_model("text", "ppocrv4_det.onnx", models);
  const auto nsfw = util::find_model("moderation", "nsfw_mobilenet_v2.onnx", models);
  if (!det || !nsfw) {
    std::fprintf(stderr, "models missing (scripts/models.sh)\n");
    return 1;
  }
  text::OcrOptions o;
  o.det_model = *det;
  text::TextAnalyser ta(std::make_shared<text::OcrEngine>(o));
  run(ta, frames, "text");
  moderation::ModerationAnalyser ma(std::make_shared<moderation::NsfwClassifier>(*nsfw));
  run(ma, frames, "moderation");
  std::printf("peak RSS %.0f MiB\n", peak_rss_kib() / 1024.0);
  return 0;
}
