#pragma once
/// @file faces_analyser.hpp
/// The faces stage as an analysis::FrameAnalyser: every sampled frame (default 2 per second
/// of media; the one frame of a still image) is detected, aligned and described; finish()
/// links the faces into tracks within each shot of the record and returns
/// - table "faces": track, start_frame, end_frame (frames, inclusive), exemplar_frame,
///   box [x, y, w, h] of the exemplar (px of the decoded frame, width 4), score,
///   identity (-1 until identities are built archive-wide), embedding (width 128, the
///   track's mean descriptor);
/// - sidecar "faces": [{"track", "start", "end", "identity", "name", "box": [x, y, w, h]}].

#include <mutex>
#include <vector>

#include "analysis/frame_analyser.hpp"
#include "faces/face_models.hpp"
#include "faces/face_tracks.hpp"

namespace reelscale::faces {

/// Settings of the faces stage.
struct FacesOptions {
  double sample_hz = 2.0;  ///< sampled frames per second of media
  int max_side = 1280;     ///< longest side of the analysed picture, px
  TrackOptions tracks;
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

 private:
  FaceModels m_;
  FacesOptions o_;
  std::mutex mu_;
  std::vector<FaceSample> samples_;
  std::vector<FaceTrack> tracks_;
};

/// The catalog table of `tracks` (see file comment).
record::Table faces_table(const std::vector<FaceTrack>& tracks);
/// The sidecar array of `tracks` (identity -1, name null until identities are built).
nlohmann::json faces_sidecar(const std::vector<FaceTrack>& tracks);

/// An analyser factory for the pipeline (models loaded once, shared).
analysis::AnalyserFactory faces_factory(FaceModels models, FacesOptions o = {});

}  // namespace reelscale::faces
