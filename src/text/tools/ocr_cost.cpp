/// @file ocr_cost.cpp
/// CPU cost of on-screen text recognition per sampled frame: runs the stroke pre-test
/// (text_pretest.hpp) and, when it passes, OcrEngine::read with the settings of
/// `reelscale run` (run_ocr_options, one worker) on every picture of the given folders (1 Hz
/// samples from `ffmpeg -vf fps=1,scale='min(1280,iw)':-2`, as the pipeline hands them,
/// no shot selection: every sample is read). Prints process CPU seconds (user + sys, all
/// threads) per frame, excluding model loading.
///
///   reelscale_ocr_cost [--before] DIR...

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <vector>

#include <CLI/CLI.hpp>
#include <opencv2/imgcodecs.hpp>

#include "text/text_pretest.hpp"
#include "text/text_stage.hpp"
#include "text/tools/ocr_tool_options.hpp"
#include "util/model_dir.hpp"

using namespace reelscale;

namespace {

double cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"CPU s of OCR per sampled frame"};
  std::vector<std::string> dirs;
  std::string models, langs = "ara+eng";
  bool before = false;
  app.add_option("dirs", dirs, "folders of PNG/JPEG frames")->required();
  app.add_option("--models", models);
  app.add_flag("--before", before, "the settings before the retry/upscale change");
  CLI11_PARSE(app, argc, argv);
  const auto m = util::find_model("text", "ppocrv4_det.onnx", models);
  if (!m) {
    std::fprintf(stderr, "ocr_cost: text model missing (scripts/models.sh)\n");
    return 1;
  }
  text::OcrOptions o = text::run_ocr_options(langs, *m);
  o.max_workers = 1;
  if (before) text::tools::set_before(o);
  text::OcrEngine eng(o);
  const text::PretestOptions pre;
  std::size_t frames = 0, passed = 0, with_text = 0, lines = 0;
  double cpu = 0;
  for (const auto& d : dirs) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(d)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    double dcpu = 0;
    std::size_t dframes = 0, dlines = 0;
    for (const auto& f : files) {
      const cv::Mat img = cv::imread(f.string(), cv::IMREAD_COLOR);
      if (img.empty()) continue;
      const double c0 = cpu_s();
      std::size_t n = 0;
      if (text::may_hold_text(img, pre)) {
        ++passed;
        n = eng.read(img).size();
      }
      dcpu += cpu_s() - c0;
      ++dframes, dlines += n, with_text += n > 0;
    }
    std::printf("%-40s frames %4zu  lines %4zu  CPU %7.2f s  %6.1f ms/frame\n", d.c_str(), dframes, dlines, dcpu,
                1000 * dcpu / double(std::max<std::size_t>(1, dframes)));
    frames += dframes, lines += dlines, cpu += dcpu;
  }
  std::printf("all: frames %zu, passed pre-test %zu, with text %zu, lines %zu, CPU %.2f s = %.1f ms/frame\n", frames,
              passed, with_text, lines, cpu, 1000 * cpu / double(std::max<std::size_t>(1, frames)));
  return 0;
}
