#include "text/tesseract_engine.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include <tesseract/baseapi.h>

namespace reelscale::text {

std::string default_tessdata() {
  if (const char* p = std::getenv("TESSDATA_PREFIX"); p && *p) return p;
  return "/usr/share/tesseract-ocr/5/tessdata";
}

void TesseractEngine::Deleter::operator()(tesseract::TessBaseAPI* api) const {
  api->End();
  delete api;
}

TesseractEngine::TesseractEngine(const std::string& lang, const std::string& tessdata)
    : api_(new tesseract::TessBaseAPI), lang_(lang) {
  const std::string dir = tessdata.empty() ? default_tessdata() : tessdata;
  if (api_->Init(dir.c_str(), lang.c_str(), tesseract::OEM_LSTM_ONLY) != 0)
    throw std::runtime_error("tesseract: cannot load language '" + lang + "' from " + dir);
  api_->SetVariable("debug_file", "/dev/null");
}

TesseractEngine::~TesseractEngine() = default;

LineText TesseractEngine::read(const cv::Mat& gray, int psm) {
  if (gray.empty() || gray.type() != CV_8UC1) throw std::invalid_argument("tesseract: need a CV_8UC1 image");
  const cv::Mat img = gray.isContinuous() ? gray : gray.clone();
  api_->SetPageSegMode(static_cast<tesseract::PageSegMode>(psm));
  api_->SetImage(img.data, img.cols, img.rows, 1, static_cast<int>(img.step));
  api_->SetSourceResolution(300);
  std::unique_ptr<char[]> raw(api_->GetUTF8Text());
  LineText out;
  out.confidence = raw ? api_->MeanTextConf() : 0;
  std::string s = raw ? raw.get() : "";
  const auto b = s.find_first_not_of(" \t\r\n\f");
  const auto e = s.find_last_not_of(" \t\r\n\f");
  out.text = b == std::string::npos ? "" : s.substr(b, e - b + 1);
  // a block reading (PSM 6) of a box holding several lines: one line of text, words in order
  std::replace(out.text.begin(), out.text.end(), '\n', ' ');
  api_->Clear();
  return out;
}

}  // namespace reelscale::text
