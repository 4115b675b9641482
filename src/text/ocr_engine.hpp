#pragma once
/// @file ocr_engine.hpp
/// Reads the text in one picture: DB text-line detection (db_detector.hpp), each line
/// cropped and prepared (line_image.hpp) and read by tesseract in page-segmentation mode 7
/// (single line) once per configured language; the reading with the higher tesseract
/// confidence wins. Boxes on one row are joined into one line in reading order
/// (right-to-left for Arabic rows).

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include "text/db_detector.hpp"
#include "text/line_image.hpp"

namespace reelscale::text {

/// OCR settings.
struct OcrOptions {
  std::string langs = "ara+eng";    ///< tesseract languages, '+'-separated; each is tried per line
  std::string tessdata;             ///< empty: default_tessdata()
  std::filesystem::path det_model;  ///< converted PP-OCRv4 det ONNX (required)
  DbOptions det{.min_short = 384};  ///< short side of small pictures scaled up to 384 px: two
                                    ///< close lines of a sign (corpus/ocr 018) separate
  LinePrep prep;
  std::vector<LinePrep> retry_preps = {{32, 12, true}, {48, 12, false}, {48, 12, true}, {64, 12, false}};
  ///< further preparations of a line (height, pad, Otsu), read
  ///< when the first reading's confidence is under retry_below;
  ///< the reading with the most confident characters wins
  double retry_below = 80;  ///< 0..100; 0: no retry
  std::vector<LinePrep> word_preps = {{32, 12, false, 8}, {64, 12, false, 8}};
  ///< further preparations for the whole-picture reading of
  ///< a word-shaped cropped picture (<= crop_max_height, width <= 8 x
  ///< height) in PSM 8 (one
  ///< word), added to retry_preps when that reading is unsure:
  ///< a word crop is one word, not a line (tesseract's own
  ///< mode for it; tuned on the odd files of corpus/ocr)
  bool retry_video = false;          ///< retry also on video samples (read with gate on): off,
                                     ///< the retries cost +58 % CPU per sampled dev frame
                                     ///< (docs/text.md) for no line found there
  double min_confidence = 25;        ///< lines read with a lower tesseract confidence are dropped
  bool whole_image_fallback = true;  ///< no box found in a short picture (<= crop_max_height):
                                     ///< read the whole picture as one line
  bool join_rows = true;             ///< join boxes on one row into one line
  int crop_max_height = 160;         ///< pictures at most this tall (px) are treated as a cropped
                                     ///< word/line: the whole-picture PSM 7 reading replaces the
                                     ///< detected lines when its confidence x length is higher
  int gate_side = 0;                 ///< > 0: pictures taller than crop_max_height first go through
                                     ///< the detector at this long side (a second network, ~1/9 of
                                     ///< the work at 320 vs 960 px); no box there = no text, the
                                     ///< full detector and tesseract are skipped (video frames)
  int max_workers = 0;               ///< concurrent readers (pool size); 0: the machine's cores
  float gate_box_thresh = 0.7f;      ///< the gate's DB box threshold (texture in footage scores
                                     ///< 0.6-0.7 at a small input; text lines score higher)
};

/// One line of text found in a picture.
struct OcrLine {
  std::string text;       ///< UTF-8, logical order
  std::string lang;       ///< tesseract language that read it ("ara", "eng")
  cv::Rect box;           ///< axis-aligned, picture pixels
  double confidence = 0;  ///< 0..1 (tesseract mean word confidence / 100)
};

/// Thread-safe OCR: each call borrows a detector and tesseract engines from a pool
/// (created on first use, at most `max_workers`; further callers wait for one).
class OcrEngine {
 public:
  /// @throws std::runtime_error when the model file is missing or a language cannot load.
  explicit OcrEngine(OcrOptions o);
  ~OcrEngine();
  /// Lines in `bgr` (CV_8UC3), top to bottom. `gate`: true for a video sample (the small-
  /// detector gate and, unless retry_video, no retry preparations); false for a still image
  /// (one picture: recall over cost).
  std::vector<OcrLine> read(const cv::Mat& bgr, bool gate = true);
  const OcrOptions& options() const { return opt_; }

 private:
  struct Worker;
  std::unique_ptr<Worker> acquire();
  void release(std::unique_ptr<Worker> w);
  OcrOptions opt_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::size_t workers_ = 0;  ///< created so far
  std::vector<std::unique_ptr<Worker>> idle_;
};

/// Joins boxes whose vertical centres fall within one another's row span into rows; words
/// of a row ordered left-to-right, or right-to-left when most of the row's letters are
/// Arabic. Confidence: character-weighted mean. Exposed for tests.
std::vector<OcrLine> join_rows(std::vector<OcrLine> lines);

}  // namespace reelscale::text
