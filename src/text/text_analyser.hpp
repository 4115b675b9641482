#pragma once
/// @file text_analyser.hpp
/// On-screen text as an analysis::FrameAnalyser. analyse() only keeps a cheap record of each
/// sampled frame (default 1 Hz, and the one frame of a still): a 16x9 thumbnail and, when
/// the stroke pre-test (text_pretest.hpp) passes, the frame: uncompressed up to `raw_bytes`
/// per asset, then as JPEG (PNG costs ~15x a JPEG encode; JPEG can change a borderline
/// tesseract reading, e.g. a title line of corpus/ocr 042 at q92-q97). finish() reads with
/// OcrEngine only the samples nearest the shot stage's selected frames, one per run of
/// near-identical samples (analysis/sample_runs.hpp), in parallel; a run's readings stand
/// for all of its samples. Readings of the same text in the same shot are merged into one
/// occurrence (first..last sample it stands for).

#include <memory>
#include <mutex>
#include <vector>

#include "analysis/frame_analyser.hpp"
#include "text/ocr_engine.hpp"
#include "text/text_pretest.hpp"

namespace reelscale::text {

/// TextAnalyser settings.
struct TextOptions {
  double sample_hz = 1.0;      ///< sampled frames per second of media
  int max_side = 1280;         ///< longest side of the frames handed to OCR, px
  double same_text = 0.34;     ///< readings merge when edit distance / longer length <= this
  double same_box = 0.3;       ///< ... and their boxes overlap by IoU >= this
  int min_alnum = 2;           ///< readings with fewer letters/digits are dropped (noise in footage)
  PretestOptions pretest;      ///< samples failing it are never read
  std::size_t raw_bytes = 16u << 20;   ///< samples kept for finish() uncompressed up to this many
                                       ///< bytes per asset, then as JPEG (jpeg_quality)
  int jpeg_quality = 95;
  double run_mad = 6.0;        ///< thumbnail difference (grey levels) within one run of samples
};

/// One text occurrence: the same text in one shot.
struct TextOccurrence {
  std::string text, lang;
  std::int64_t start_frame = 0, end_frame = 0;  ///< first and last sampled frame it was read on (0-based, inclusive)
  cv::Rect box;                                 ///< decoded-frame pixels, box of the most confident reading
  double confidence = 0;                        ///< mean over readings, 0..1
  int readings = 0;
};

/// The frame analyser; one per asset, sharing one OcrEngine.
class TextAnalyser final : public analysis::FrameAnalyser {
 public:
  TextAnalyser(std::shared_ptr<OcrEngine> engine, TextOptions o = {});
  std::string key() const override { return "text"; }
  double sample_hz() const override { return opt_.sample_hz; }
  int max_side() const override { return opt_.max_side; }
  void analyse(const analysis::AnalysisFrame& f) override;
  analysis::AnalysisResult finish(const AssetRecord& rec) override;

 private:
  struct Sample {
    std::int64_t frame = 0;
    double scale = 1;
    cv::Mat thumb;
    cv::Mat raw;                      ///< kept picture, uncompressed ...
    std::vector<unsigned char> jpeg;  ///< ... or as JPEG (both empty: failed the pre-test)
  };
  /// Lines of a picture, boxes in decoded-frame pixels (x `scale`), short readings dropped;
  /// `gate`: OcrEngine's small-detector gate on.
  std::vector<OcrLine> read_picture(const cv::Mat& bgr, double scale, bool gate);
  /// Lines of one sample (read_picture on its kept picture; none when nothing was kept).
  std::vector<OcrLine> read_sample(const Sample& s, bool gate);
  std::shared_ptr<OcrEngine> engine_;
  TextOptions opt_;
  std::mutex mu_;
  std::vector<Sample> samples_;
  std::size_t kept_bytes_ = 0;
};

/// Merges readings (frame, line) into occurrences per shot (`shot_of_frame` maps a frame to
/// its shot index). Exposed for tests.
std::vector<TextOccurrence> merge_readings(std::vector<std::pair<std::int64_t, OcrLine>> readings,
                                           const std::function<int(std::int64_t)>& shot_of_frame,
                                           const TextOptions& o);

/// The catalog table "text" (columns text, lang, start_frame, end_frame, x, y, w, h,
/// confidence) and the sidecar array [{"text","lang","start","end","box","confidence"}].
record::Table text_table(const std::vector<TextOccurrence>& occ);
nlohmann::json text_sidecar(const std::vector<TextOccurrence>& occ);

}  // namespace reelscale::text
