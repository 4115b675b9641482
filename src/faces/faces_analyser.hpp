#pragma once
/// @file faces_analyser.hpp
/// The faces stage as an analysis::FrameAnalyser. Frames are sampled at 2 per second of
/// media (the one frame of a still image) and handled in frame order (a small reorder
/// buffer). A black or flat sample (thumbnail standard deviation < flat_sd) is skipped; the detector runs only on a sample whose 32x32 grey thumbnail differs from the
/// last detected sample's (mean absolute difference > change_threshold grey levels: a cut,
/// an accumulated dissolve or pan) or that comes refresh_s after it; any other sample
/// repeats the last detections (same boxes and chips, at its frame). Detected faces are
/// aligned and kept as JPEG chips, not described; finish() links them by box IoU into
/// tracks within each shot of the record, embeds the best chips of each piece (one per 4,
/// at most descriptors_per_track; mean descriptor), stitches pieces, and returns
/// - table "faces": track, start_frame, end_frame (frames, inclusive), exemplar_frame,
///   box [x, y, w, h] of the exemplar (px of the decoded frame, width 4), score,
///   exemplar_quality, exemplar_jpeg (the exemplar's aligned 150x150 chip, JPEG as base64),
///   identity (-1 until identities are built archive-wide), embedding (width 128, the
///   track's mean descriptor);
/// - sidecar "faces": [{"track", "start", "end", "identity", "name", "box": [x, y, w, h]}].

#include <map>
#include <mutex>
#include <vector>

#include "analysis/frame_analyser.hpp"
#include "faces/face_models.hpp"
#include "faces/face_tracks.hpp"

namespace reelscale::faces {

/// Settings of the faces stage.
struct FacesOptions {
  double sample_hz = 2.0;         ///< sampled frames per second of media
  int max_side = 1280;            ///< longest side of the analysed picture, px
  bool gate = true;               ///< false: detect and describe every sample (old behaviour)
  float change_threshold = 16.0f; ///< grey levels (0..255) of thumbnail change that re-detect
  double refresh_s = 4.0;         ///< seconds after the last detection that re-detect anyway
  double flat_sd = 4.0;           ///< thumbnail standard deviation (grey levels) below which a
                                  ///< sample is black/flat: skipped (no detector, no repeat)
  int descriptors_per_track = 3;  ///< at most this many chips embedded per track piece (one per
                                  ///< 4 detected chips, highest quality first)
  int reorder_window = 8;         ///< samples buffered to handle them in frame order
  TrackOptions tracks;
};

/// Counters of one asset's faces stage (for the log and bench/README.md).
struct FacesCounters {
  std::int64_t samples = 0, detected = 0, repeated = 0, flat = 0, late = 0, descriptors = 0;
};

/// One asset's faces stage (see file comment). Thread-safe analyse().
class FacesAnalyser : public analysis::FrameAnalyser {
 public:
  FacesAnalyser(FaceModels models, FacesOptions o = {});
  std::string key() const override { return "faces"; }
  double sample_hz() const override { return o_.sample_hz; }
  int max_side() const override { return o_.max_side; }
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
  void drain(std::size_t keep, bool wait);
  void process(const Pending& p);
  Descriptor describe(const std::vector<const FaceSample*>& members);

  FaceModels m_;
  FacesOptions o_;
  std::mutex mu_;       ///< pending_
  std::mutex proc_mu_;  ///< everything below pending_
  std::map<std::int64_t, Pending> pending_;
  cv::Mat ref_sig_;
  double ref_pts_ = 0;
  std::int64_t last_frame_ = -1;
  std::vector<FaceSample> ref_faces_;  ///< the last detected sample's faces (no chips)
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
