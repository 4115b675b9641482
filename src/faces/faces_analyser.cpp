#include "faces/faces_analyser.hpp"

#include "record/asset_record.hpp"

namespace reelscale::faces {

FacesAnalyser::FacesAnalyser(FaceModels models, FacesOptions o) : m_(std::move(models)), o_(o) {}

void FacesAnalyser::analyse(const analysis::AnalysisFrame& f) {
  std::vector<FaceObservation> obs = m_.observe(f.bgr);
  const float s = static_cast<float>(f.scale);
  std::lock_guard lock(mu_);
  for (FaceObservation& o : obs) {
    if (s != 1.0f) {
      o.det.box = cv::Rect2f(o.det.box.x * s, o.det.box.y * s, o.det.box.width * s, o.det.box.height * s);
      for (auto& k : o.det.keypoints) k *= s;
    }
    samples_.push_back({f.frame, o});
  }
}

analysis::AnalysisResult FacesAnalyser::finish(const AssetRecord& rec) {
  std::vector<std::pair<std::int64_t, std::int64_t>> shots;
  for (const auto& s : rec.shots.shots) shots.emplace_back(s.start_frame, s.end_frame);
  {
    std::lock_guard lock(mu_);
    tracks_ = build_tracks(std::move(samples_), shots, o_.tracks);
    samples_.clear();
  }
  analysis::AnalysisResult r;
  r.tables.push_back(faces_table(tracks_));
  r.sidecar = faces_sidecar(tracks_);
  return r;
}

record::Table faces_table(const std::vector<FaceTrack>& tracks) {
  std::vector<std::int64_t> id, start, end, ex, identity;
  std::vector<double> box, score;
  std::vector<float> emb;
  for (const FaceTrack& t : tracks) {
    id.push_back(t.track);
    start.push_back(t.start_frame);
    end.push_back(t.end_frame);
    ex.push_back(t.exemplar_frame);
    const cv::Rect2f& b = t.exemplar.det.box;
    box.insert(box.end(), {b.x, b.y, b.width, b.height});
    score.push_back(t.score);
    identity.push_back(-1);
    emb.insert(emb.end(), t.mean.begin(), t.mean.end());
  }
  record::Table tab;
  tab.name = "faces";
  tab.columns = {{"track", "", 1, id},
                 {"start_frame", "frames", 1, start},
                 {"end_frame", "frames", 1, end},
                 {"exemplar_frame", "frames", 1, ex},
                 {"box", "px", 4, box},
                 {"score", "", 1, score},
                 {"identity", "", 1, identity},
                 {"embedding", "", kDescriptorDim, emb}};
  return tab;
}

nlohmann::json faces_sidecar(const std::vector<FaceTrack>& tracks) {
  nlohmann::json a = nlohmann::json::array();
  for (const FaceTrack& t : tracks) {
    const cv::Rect2f& b = t.exemplar.det.box;
    a.push_back({{"track", t.track}, {"start", t.start_frame}, {"end", t.end_frame}, {"identity", -1},
                 {"name", nullptr}, {"box", {b.x, b.y, b.width, b.height}}});
  }
  return a;
}

analysis::AnalyserFactory faces_factory(FaceModels models, FacesOptions o) {
  return [models, o]() -> std::unique_ptr<analysis::FrameAnalyser> {
    return std::make_unique<FacesAnalyser>(models, o);
  };
}

}  // namespace reelscale::faces
