/// @file ocr_debug.cpp
/// Developer tool: prints each DB box of one picture and what tesseract reads of it under a
/// few preparations and page modes (to see where a line is lost). Writes the prepared line
/// images to --out.
///
///   reelscale_ocr_debug IMAGE [--out DIR] [--models DIR]

#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "text/db_detector.hpp"
#include "text/line_image.hpp"
#include "text/tesseract_engine.hpp"
#include "util/model_dir.hpp"

using namespace reelscale;

int main(int argc, char** argv) {
  CLI::App app{"OCR debug: boxes and readings of one picture"};
  std::string image, out = "/tmp/ocr_debug", models;
  int limit = 960;
  float box_thresh = 0.6f;
  app.add_option("image", image)->required();
  app.add_option("--out", out);
  app.add_option("--models", models);
  app.add_option("--limit-side", limit);
  app.add_option("--box-thresh", box_thresh);
  CLI11_PARSE(app, argc, argv);
  const auto m = util::find_model("text", "ppocrv4_det.onnx", models);
  if (!m) return 1;
  text::DbOptions dopt;
  dopt.limit_side = limit;
  dopt.box_thresh = box_thresh;
  text::DbDetector det(*m, dopt);
  text::TesseractEngine eng("eng"), ara("ara");
  const cv::Mat bgr = cv::imread(image, cv::IMREAD_COLOR);
  std::filesystem::create_directories(out);
  auto boxes = det.detect(bgr);
  boxes.emplace_back(cv::Point2f(bgr.cols / 2.f, bgr.rows / 2.f), cv::Size2f(bgr.cols, bgr.rows), 0.f);
  int i = 0;
  for (const auto& r : boxes) {
    std::printf("box %d: c=(%.0f,%.0f) %.0fx%.0f a=%.1f\n", i, r.center.x, r.center.y, r.size.width, r.size.height,
                r.angle);
    const cv::Mat crop = text::crop_rotated(bgr, r);
    if (crop.empty()) continue;
    for (int h : {32, 48, 64}) {
      for (bool bin : {false, true}) {
        text::LinePrep p;
        p.line_height = h;
        p.binarise = bin;
        const cv::Mat g = text::prepare_line(crop, p);
        cv::imwrite(out + "/b" + std::to_string(i) + "_h" + std::to_string(h) + (bin ? "b" : "") + ".png", g);
        for (int psm : {7, 8, 13}) {
          auto e = eng.read(g, psm);
          auto a = ara.read(g, psm);
          std::printf("  h%d%s psm%-2d eng %3.0f '%s' | ara %3.0f '%s'\n", h, bin ? "b" : " ", psm, e.confidence,
                      e.text.c_str(), a.confidence, a.text.c_str());
        }
      }
    }
    ++i;
  }
  return 0;
}
