#pragma once
/// @file faces_analyser.hpp
/// The faces stage as an analysis::FrameAnalyser. Frames are sampled at 2 per second of
/// media (the one frame of a still image) and gated as they arrive, before the pipeline
/// makes their picture (wants_picture(), on the pipeline's 32x32 grey of the frame; frames
/// given with a picture only are gated in frame order through a small reorder buffer).
/// A black or flat sample (thumbnail standard deviation < flat_sd) is skipped; the detector
/// runs only on a sample whose 32x32 grey thumbnail differs from the last detected sample's
/// (mean absolute difference > change_threshold grey levels: a cut, an accumulated dissolve
/// or pan) or that comes refresh_s after it; any other sample repeats the last detected
/// sample's faces (same boxes and chips, at its frame). The gate decides under a lock; the
/// detector runs outside it as a task of the pipeline's arena (a tbb::task_group; at most
/// max_in_flight at once, beyond that in the calling thread), so a detection holds no
/// pipeline token: decoding goes on while it runs, and detections overlap decode and each
/// other (run inline, a 15 ms detection stalled the serial stages once the 8 tokens were
/// used, and faces added 0.73 s of wall per CPU second on 2 cores). Where the analysed picture is too coarse for a face of
/// min_face_px source px to reach tile_floor_px in the 256 px letterbox (HD), finish() runs
/// a tiled pass (FaceDetector::detect_tiled) on the middle detected sample of every shot;
/// the faces it adds reach that sample's repeats too. Detected faces are aligned and kept as
/// JPEG chips, not described; finish() links them by box IoU into tracks within each shot
/// of the record, embeds the best chips of each piece (one per 4, at most
/// descriptors_per_track; mean descriptor), stitches pieces, and returns
#include <atomic>
#include <map>
#include <mutex>
#include <vector>

#include <tbb/task_group.h>

#include "analysis/frame_analyser.hpp"
#include "faces/face_models.hpp"
#include "faces/face_tracks.hpp"

namespace reelscale::faces {

/// Settings of the faces stage.
struct FacesOptions {
  double sample_hz = 2.0;          ///< sampled frames per second of media
  int max_side = 640;              ///< longest side of the analysed picture, px (HD is halved:
                                   ///< a 40 px face is 20 px, found by the tiled pass)
  double min_face_px = 0;         ///< source px: >0 runs the tiled pass so a face this small is found in
                                  ///< every shot (off by default: +CPU, no shot gained on corpus/dev)
  double tile_floor_px = 16;       ///< detector-input px a face needs to be found (BlazeFace 256)
  bool gate = true;                ///< false: detect and describe every sample (old behaviour)
  float change_threshold = 16.0f;  ///< grey levels (0..255) of thumbnail change that re-detect
  double refresh_s = 4.0;          ///< seconds after the last detection that re-detect anyway
  double flat_sd = 4.0;            ///< thumbnail standard deviation (grey levels) below which a
                                   ///< sample is black/flat: skipped (no detector, no repeat)
  int descriptors_per_track = 3;   ///< at most this many chips embedded per track piece (one per
                                   ///< 4 detected chips, highest quality first)
  int reorder_window = 8;          ///< samples buffered to gate them in frame order
  int max_in_flight = 8;           ///< detections queued as tasks at once (each holds its picture,
                                   ///< about 0.7 MB at 640 px); beyond it the caller detects
  TrackOptions tracks;
};

/// Counters of one asset's faces stage (for the log and bench/README.md).
struct FacesCounters {
  std::int64_t samples = 0, detected = 0, repeated = 0, flat = 0, late = 0, descriptors = 0, tiled = 0;
};

/// One asset's faces stage (see file comment). Thread-safe analyse().
class FacesAnalyser : public analysis::FrameAnalyser {
 public:
  FacesAnalyser(FaceModels models, FacesOptions o = {});
  /// Cancels and waits for queued detections (an asset abandoned before finish()).
  ~FacesAnalyser() noexcept override;
  FacesAnalyser(const FacesAnalyser&) = delete;
  FacesAnalyser& operator=(const FacesAnalyser&) = delete;
  std::string key() const override { return "faces"; }
  double sample_hz() const override { return o_.sample_hz; }
  int max_side() const override { return o_.max_side; }
  /// The change gate on the pipeline's 32x32 grey of the frame (see file comment): true
  /// only for a sample the detector is to run on, so repeated samples cost no picture.
  bool wants_picture(const analysis::AnalysisFrame& f) override;
  void analyse(const analysis::AnalysisFrame& f) override;
  analysis::AnalysisResult finish(const AssetRecord& rec) override;
  /// The tracks built by the last finish() (for the post-merge identity step and tests).
  const std::vector<FaceTrack>& tracks() const { return tracks_; }
  /// What the last finish() counted.
  const FacesCounters& counters() const { return n_; }

 private:
  struct Pending {
    analysis::AnalysisFrame f;
    cv::Mat sig;  ///< 32x32 CV_32F grey thumbnail
  };
  struct Detected {
    std::vector<FaceSample> faces;
    analysis::AnalysisFrame f;  ///< picture kept (until finish) only where the tiled pass may need it
  };
  bool gate(const Pending& p);                  ///< true: detect p. Holds mu_.
  std::vector<Pending> take(std::size_t keep);  ///< gates buffered samples down to `keep`; the ones to detect
  void detect(const analysis::AnalysisFrame& f, bool tiled);
  void submit(analysis::AnalysisFrame f);  ///< detect(f) as a task, or inline past max_in_flight
  double tile_input_per_px(const analysis::AnalysisFrame& f) const;  ///< 0: the letterbox suffices
  void tile_shots(const std::vector<std::pair<std::int64_t, std::int64_t>>& shots);
  Descriptor describe(const std::vector<const FaceSample*>& members);
  void finish_tracks(const AssetRecord& rec);

  FaceModels m_;
  FacesOptions o_;
  tbb::task_group tasks_;           ///< queued detections (submit); finish() waits
  std::atomic<int> in_flight_{0};  ///< detections queued and not finished
  std::atomic<std::int64_t> cpu_ns_{0};       ///< CPU of the stage on every thread (AnalysisResult::cpu_s)
  std::atomic<std::int64_t> descriptors_{0};  ///< chips embedded by describe() (called in parallel)
  std::mutex mu_;  ///< everything below
  std::map<std::int64_t, Pending> pending_;  ///< reorder buffer (frames given without gray32)
  std::map<std::int64_t, bool> decided_;     ///< wants_picture()'s gate decisions, until analyse()
  cv::Mat ref_sig_;
  double ref_pts_ = 0;
  std::int64_t ref_frame_ = -1, last_frame_ = -1;
  std::map<std::int64_t, Detected> detected_;                   ///< detected samples by frame
  std::vector<std::pair<std::int64_t, std::int64_t>> repeats_;  ///< (frame, detected frame it repeats)
  std::vector<FaceSample> samples_;
  std::vector<FaceTrack> tracks_;
  FacesCounters n_;
};

/// The catalog table of `tracks` (see file comment).
record::Table faces_table(const std::vector<FaceTrack>& tracks);
/// The sidecar array of `tracks` (identity -1, name null until identities are built).
nlohmann::json faces_sidecar(const std::vector<FaceTrack>& tracks);

/// An analyser factory for the pipeline (models loaded once, shared).
analysis::AnalyserFactory faces_factory(FaceModels models, FacesOptions o = {});

}  // namespace reelscale::faces
