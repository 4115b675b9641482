#pragma once
/// @file tesseract_engine.hpp
/// RAII over tesseract::TessBaseAPI (tesseract 5 LSTM engine, Debian tessdata) reading one
/// pre-cropped text line. Not thread-safe: one engine per thread (see EnginePool).

#include <memory>
#include <string>

#include <opencv2/core/mat.hpp>

namespace tesseract {
class TessBaseAPI;
}

namespace reelscale::text {

/// What tesseract read on one line image.
struct LineText {
  std::string text;        ///< UTF-8, logical order, trimmed; empty when nothing was read
  double confidence = 0;   ///< tesseract mean word confidence, 0..100
};

/// One initialised tesseract instance for a fixed language set ("ara", "eng", "ara+eng").
class TesseractEngine {
 public:
  /// Loads `lang` from `tessdata` (default: $TESSDATA_PREFIX, else Debian's
  /// /usr/share/tesseract-ocr/5/tessdata). @throws std::runtime_error naming the folder
  /// and language when tesseract cannot initialise.
  explicit TesseractEngine(const std::string& lang, const std::string& tessdata = {});
  ~TesseractEngine();
  TesseractEngine(const TesseractEngine&) = delete;
  TesseractEngine& operator=(const TesseractEngine&) = delete;

  /// Reads `gray` (CV_8UC1, dark text on light ground preferred) with page segmentation
  /// mode `psm` (7 = single line, 8 = single word, 6 = block, 3 = auto).
  LineText read(const cv::Mat& gray, int psm = 7);

  const std::string& lang() const { return lang_; }

 private:
  struct Deleter {
    void operator()(tesseract::TessBaseAPI* api) const;
  };
  std::unique_ptr<tesseract::TessBaseAPI, Deleter> api_;
  std::string lang_;
};

/// Debian's tessdata folder unless $TESSDATA_PREFIX is set.
std::string default_tessdata();

}  // namespace reelscale::text
