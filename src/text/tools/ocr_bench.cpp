/// @file ocr_bench.cpp
/// OCR accuracy on corpus/ocr: runs OcrEngine on every image of truth.json (or scores a
/// predictions file from another reader, e.g. the tesseract CLI) and prints CER / lines
/// found per language, for all images and for the tune (odd) / held-out (even) halves.
///
///   reelscale_ocr_bench --corpus ../shared/corpus/ocr [--gate] [--before] [--models DIR] [--json out.json]
/// Default: the settings of `reelscale run` for a still image (no detector gate); --gate:
/// as a video sample; --before: the settings before the retry/upscale change.
///   reelscale_ocr_bench --corpus ... --predictions cli.json   # {"images/001.png": ["line", ...]}

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <opencv2/imgcodecs.hpp>

#include "text/ocr_engine.hpp"
#include "text/ocr_eval.hpp"
#include "text/text_stage.hpp"
#include "text/tools/ocr_tool_options.hpp"
#include "util/model_dir.hpp"

using namespace reelscale;

namespace {

std::map<std::string, std::vector<text::PredLine>> run_engine(const nlohmann::json& truth,
                                                              const std::filesystem::path& corpus,
                                                              text::OcrOptions o, bool gate, double* ms_per_image) {
  text::OcrEngine eng(std::move(o));
  std::map<std::string, std::vector<text::PredLine>> pred;
  double total = 0;
  for (const auto& t : truth) {
    const std::string file = t.at("file");
    const cv::Mat img = cv::imread((corpus / file).string(), cv::IMREAD_COLOR);
    if (img.empty()) throw std::runtime_error("cannot read " + (corpus / file).string());
    const auto t0 = std::chrono::steady_clock::now();
    auto lines = eng.read(img, gate);
    total += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    for (auto& l : lines) pred[file].push_back({l.text, l.box});
  }
  *ms_per_image = truth.empty() ? 0 : total / double(truth.size());
  return pred;
}

std::map<std::string, std::vector<text::PredLine>> read_predictions(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  const auto j = nlohmann::json::parse(in);
  std::map<std::string, std::vector<text::PredLine>> pred;
  for (const auto& [file, lines] : j.items())
    for (const auto& l : lines) pred[file].push_back({l.is_string() ? l.get<std::string>() : l.at("text").get<std::string>(), {}});
  return pred;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"OCR accuracy on corpus/ocr (CER, lines found)"};
  std::string corpus = "../shared/corpus/ocr", models, predictions, json_out, dump;
  // the settings of `reelscale run` (gate included); the flags below override them
  text::OcrOptions o = text::run_ocr_options("ara+eng", {});
  o.max_workers = 1;
  bool before = false, gate = false;
  app.add_flag("--gate", gate, "read each image as a video sample (the run's 256 px detector gate on; default: as a still)");
  app.add_flag("--before", before, "the settings before the retry/upscale change (tools/ocr_tool_options.hpp)");
  app.add_option("--corpus", corpus, "folder with truth.json and images/");
  app.add_option("--models", models, "model folder (default: util::find_model_dir)");
  app.add_option("--predictions", predictions, "score this predictions JSON instead of running the engine");
  app.add_option("--json", json_out, "write the scores as JSON here");
  app.add_option("--dump", dump, "write per-image truth/prediction/errors JSON here");
  app.add_option("--langs", o.langs, "tesseract languages");
  app.add_option("--line-height", o.prep.line_height);
  app.add_option("--pad", o.prep.pad);
  app.add_flag("--binarise", o.prep.binarise);
  app.add_option("--min-conf", o.min_confidence);
  app.add_option("--box-thresh", o.det.box_thresh);
  app.add_option("--thresh", o.det.thresh);
  app.add_option("--unclip", o.det.unclip_ratio);
  app.add_option("--limit-side", o.det.limit_side);
  app.add_option("--min-side", o.det.min_side);
  app.add_option("--min-short", o.det.min_short);
  app.add_option("--crop-max-height", o.crop_max_height);
  std::vector<std::string> retry;
  app.add_option("--retry", retry, "retry preparations, e.g. 48 32b 96/6 (height, b = Otsu, /psm)");
  app.add_option("--retry-below", o.retry_below, "retry when the confidence is under this (0..100)");
  app.add_flag("--retry-video", o.retry_video, "retries also with --gate");
  app.add_option("--gate-side", o.gate_side, "gate detector long side (the run uses 256)");
  CLI11_PARSE(app, argc, argv);
  if (before) text::tools::set_before(o);
  if (!retry.empty()) o.retry_preps.clear();
  for (const auto& r : retry) {
    text::LinePrep p = o.prep;
    p.line_height = std::stoi(r);
    p.binarise = r.find('b') != std::string::npos;
    if (const auto k = r.find('/'); k != std::string::npos) p.psm = std::stoi(r.substr(k + 1));
    o.retry_preps.push_back(p);
  }
  try {
    const auto truth = text::read_ocr_truth(std::filesystem::path(corpus) / "truth.json");
    double ms = 0;
    std::map<std::string, std::vector<text::PredLine>> pred;
    if (!predictions.empty()) {
      pred = read_predictions(predictions);
    } else {
      const auto m = util::find_model("text", "ppocrv4_det.onnx", models);
      if (!m) throw std::runtime_error("text model ppocrv4_det.onnx not found (run models/text/prepare.sh)");
      o.det_model = *m;
      pred = run_engine(truth, corpus, o, gate, &ms);
    }
    nlohmann::json per_image = nlohmann::json::array();
    const auto s = text::score_ocr(truth, pred, &per_image);
    nlohmann::json out;
    std::printf("%-14s %6s %6s %8s %6s %9s\n", "group", "lines", "found", "CER", "chars", "pred-prec");
    for (const auto& [k, v] : s) {
      std::printf("%-14s %6zu %5.1f%% %8.3f %6zu %8.1f%%\n", k.c_str(), v.lines, 100 * v.found_rate(), v.cer(), v.chars,
                  100 * v.precision());
      out[k] = {{"lines", v.lines}, {"found", v.found}, {"cer", v.cer()}, {"chars", v.chars},
                {"errors", v.errors}, {"pred_lines", v.pred_lines}, {"pred_matched", v.pred_matched}};
    }
    if (ms > 0) std::printf("mean time per image: %.0f ms (one thread)\n", ms);
    out["ms_per_image"] = ms;
    if (!json_out.empty()) std::ofstream(json_out) << out.dump(2) << "\n";
    if (!dump.empty()) std::ofstream(dump) << per_image.dump(1) << "\n";
  } catch (const std::exception& e) {
    std::cerr << "ocr_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
