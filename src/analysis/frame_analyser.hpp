#pragma once
/// @file frame_analyser.hpp
/// The plug-in point for selected-frame analysers (faces, on-screen text, moderation).
///
/// The per-asset pipeline samples decoded frames at the rate an analyser asks for (plus
/// the single frame of a still image), converts them once to 8-bit BGR and hands them to
/// `analyse()` from its worker threads. After decode, shot and scene analysis, it calls
/// `finish()` once with the complete record (shots, scenes, selected frames known) and
/// stores the result: `sidecar` as the sidecar's `key()` member, `tables` in the catalog
/// under `/assets/<id>/<table.name>`. An analyser never sees FFmpeg, HDF5 or MPI types.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core/mat.hpp>

#include "record/table.hpp"

namespace reelscale {
struct AssetRecord;
}

namespace reelscale::analysis {

/// One decoded picture for the analysers.
struct AnalysisFrame {
  std::int64_t frame = 0;  ///< 0-based decoded frame index (the catalog's frame numbering)
  double pts_s = 0;        ///< presentation time, seconds from the first decoded frame
  cv::Mat bgr;             ///< CV_8UC3, the decoded picture (owned; no decoder memory), at most
                           ///< `max_side` px on its longer side (area-averaged by libswscale)
  double scale = 1.0;      ///< decoded-frame pixels per `bgr` pixel (1 unless downscaled):
                           ///< boxes are reported in decoded-frame pixels = bgr pixels * scale
  cv::Mat gray32;          ///< CV_8UC1 32x32 full-range luma of the whole frame (the pipeline's
                           ///< per-frame kernel image, aspect not kept); empty when not given
};

/// What one analyser produced for one asset.
struct AnalysisResult {
  nlohmann::json sidecar;              ///< stored as sidecar[key()] (null: nothing stored)
  std::vector<record::Table> tables;   ///< stored under /assets/<id>/<table.name>
  std::string skipped;                 ///< non-empty: why the stage did not run (e.g. model absent)
  /// CPU seconds of the whole stage on every thread, for an analyser that runs work in tasks of
  /// its own (the pipeline times only the threads that call analyse() and finish()); < 0: the
  /// pipeline's timing stands (stage_cpu_s in the sidecar).
  double cpu_s = -1;
};

/// A selected-frame analyser for one asset. `analyse` is called concurrently from several
/// threads, in no particular order: implementations must be thread-safe (e.g. one
/// cv::dnn::Net per thread, results collected under a mutex and sorted in finish()).
class FrameAnalyser {
 public:
  virtual ~FrameAnalyser() = default;
  /// Sidecar member and stage name, e.g. "faces", "text", "moderation".
  virtual std::string key() const = 0;
  /// Frames per second of media to sample (the pipeline picks the decoded frame nearest each
  /// 1/sample_hz() step, starting at frame 0). A still image is always sampled once.
  virtual double sample_hz() const = 0;
  /// Longest side in pixels of AnalysisFrame::bgr this analyser needs (e.g. 1280).
  virtual int max_side() const { return 1280; }
  /// Asked before analyse() with `f.bgr` still empty (frame, pts_s and gray32 set): false
  /// when this analyser does not need the picture of this sample (e.g. it repeats an
  /// earlier result); the pipeline then makes no picture unless another analyser wants one,
  /// and analyse() may get `f.bgr` empty. Thread-safe; default: always true.
  virtual bool wants_picture(const AnalysisFrame& f) {
    (void)f;
    return true;
  }
  /// Analyses one sampled frame. Thread-safe; may throw (the asset gets a warning, not an error).
  virtual void analyse(const AnalysisFrame& f) = 0;
  /// Called once after decode, shots and scenes; `rec` holds shots, scenes, selected frames.
  virtual AnalysisResult finish(const AssetRecord& rec) = 0;
};

/// Makes a fresh analyser for each asset (models may be shared between them, read-only).
using AnalyserFactory = std::function<std::unique_ptr<FrameAnalyser>()>;

}  // namespace reelscale::analysis
