#include "faces/faces_analyser.hpp"

#include <algorithm>
#include <array>

#include <opencv2/imgcodecs.hpp>
#include <spdlog/spdlog.h>
#include <opencv2/imgproc.hpp>

#include "faces/base64.hpp"
#include "record/asset_record.hpp"

namespace reelscale::faces {

namespace {

/// 32x32 grey thumbnail of a BGR picture, CV_32F: bilinear to 128x128 (16384 taps instead of
/// reading every pixel of the frame), grey, then 4x4 area average.
cv::Mat thumbnail(const cv::Mat& bgr) {
  cv::Mat mid, grey_mid, grey, f;
  cv::resize(bgr, mid, cv::Size(128, 128), 0, 0, cv::INTER_LINEAR);
  cv::cvtColor(mid, grey_mid, cv::COLOR_BGR2GRAY);
  cv::resize(grey_mid, grey, cv::Size(32, 32), 0, 0, cv::INTER_AREA);
  grey.convertTo(f, CV_32F);
  return f;
}

void scale_detection(FaceObservation& o, float s) {
  if (s == 1.0f) return;
  o.det.box = cv::Rect2f(o.det.box.x * s, o.det.box.y * s, o.det.box.width * s, o.det.box.height * s);
  for (auto& k : o.det.keypoints) k *= s;
}

}  // namespace

FacesAnalyser::FacesAnalyser(FaceModels models, FacesOptions o) : m_(std::move(models)), o_(o) {}

void FacesAnalyser::analyse(const analysis::AnalysisFrame& f) {
  if (!o_.gate) {
    std::vector<FaceObservation> obs = m_.observe(f.bgr);
    std::lock_guard lock(proc_mu_);
    ++n_.samples, ++n_.detected, n_.descriptors += static_cast<std::int64_t>(obs.size());
    for (FaceObservation& o : obs) {
      scale_detection(o, static_cast<float>(f.scale));
      samples_.push_back({f.frame, o});
    }
    return;
  }
  Pending p{f, thumbnail(f.bgr)};
  {
    std::lock_guard lock(mu_);
    pending_[f.frame] = std::move(p);
  }
  drain(static_cast<std::size_t>(std::max(0, o_.reorder_window)), false);
}

/// Handles buffered samples, lowest frame first, until at most `keep` wait. One thread at a
/// time (`wait` false: return at once when another thread is at it).
void FacesAnalyser::drain(std::size_t keep, bool wait) {
  std::unique_lock pl(proc_mu_, std::defer_lock);
  if (wait) pl.lock();
  else if (!pl.try_lock()) return;
  while (true) {
    Pending p;
    {
      std::lock_guard lock(mu_);
      if (pending_.size() <= keep) return;
      p = std::move(pending_.begin()->second);
      pending_.erase(pending_.begin());
    }
    process(p);
  }
}

/// Detects on `p` or repeats the last detections (see file comment). Holds proc_mu_.
void FacesAnalyser::process(const Pending& p) {
  ++n_.samples;
  cv::Scalar mean, sd;
  cv::meanStdDev(p.sig, mean, sd);
  if (sd[0] < o_.flat_sd) {  // black or flat picture (slate, fade): no face to find, nothing to repeat
    ++n_.flat;
    last_frame_ = std::max(last_frame_, p.f.frame);
    return;
  }
  const bool late = p.f.frame < last_frame_;  // arrived after a later sample: always detect
  n_.late += late;
  const bool detect = late || ref_sig_.empty() || p.f.pts_s - ref_pts_ >= o_.refresh_s ||
                      cv::norm(p.sig, ref_sig_, cv::NORM_L1) / double(p.sig.total()) > o_.change_threshold;
  if (!detect) {
    ++n_.repeated;
    for (FaceSample s : ref_faces_) {
      s.frame = p.f.frame;
      s.repeat = true;
      samples_.push_back(std::move(s));
    }
    last_frame_ = p.f.frame;
    return;
  }
  ++n_.detected;
  std::vector<cv::Mat> chips;
  std::vector<FaceObservation> obs = m_.locate(p.f.bgr, chips);
  std::vector<FaceSample> now;
  for (std::size_t i = 0; i < obs.size(); ++i) {
    scale_detection(obs[i], static_cast<float>(p.f.scale));
    auto jpeg = std::make_shared<std::vector<unsigned char>>();
    cv::imencode(".jpg", chips[i], *jpeg, {cv::IMWRITE_JPEG_QUALITY, 95});
    FaceSample s{p.f.frame, obs[i], false, std::move(jpeg), false};
    now.push_back(s);
    samples_.push_back(std::move(s));
  }
  if (late) return;
  ref_faces_ = std::move(now);
  ref_sig_ = p.sig;
  ref_pts_ = p.f.pts_s;
  last_frame_ = p.f.frame;
}

/// Mean descriptor of the best chips of one track piece: one per 4 distinct chips, at
/// most descriptors_per_track, highest quality first.
Descriptor FacesAnalyser::describe(const std::vector<const FaceSample*>& members) {
  std::vector<const FaceSample*> c;
  for (const FaceSample* s : members)
    if (s->chip_jpeg && !s->repeat) c.push_back(s);
  if (c.empty())  // only repeats here (a cut the thumbnail gate did not see): their source chips
    for (const FaceSample* s : members)
      if (s->chip_jpeg && (c.empty() || c.back()->chip_jpeg != s->chip_jpeg)) c.push_back(s);
  std::stable_sort(c.begin(), c.end(), [](auto* a, auto* b) { return a->obs.quality > b->obs.quality; });
  const std::size_t k = std::clamp<std::size_t>((c.size() + 3) / 4, 1, std::size_t(std::max(1, o_.descriptors_per_track)));
  if (c.size() > k) c.resize(k);
  std::array<double, kDescriptorDim> sum{};
  for (const FaceSample* s : c) {
    const Descriptor d = m_.embedder->embed(cv::imdecode(*s->chip_jpeg, cv::IMREAD_COLOR));
    for (int j = 0; j < kDescriptorDim; ++j) sum[j] += d[j];
  }
  n_.descriptors += static_cast<std::int64_t>(c.size());
  Descriptor out{};
  for (int j = 0; j < kDescriptorDim && !c.empty(); ++j) out[j] = static_cast<float>(sum[j] / double(c.size()));
  return out;
}

analysis::AnalysisResult FacesAnalyser::finish(const AssetRecord& rec) {
  drain(0, true);
  std::vector<std::pair<std::int64_t, std::int64_t>> shots;
  for (const auto& s : rec.shots.shots) shots.emplace_back(s.start_frame, s.end_frame);
  {
    std::lock_guard lock(proc_mu_);
    tracks_ = build_tracks(std::move(samples_), shots, o_.tracks,
                           [this](const std::vector<const FaceSample*>& m) { return describe(m); });
    samples_.clear();
    ref_faces_.clear();
    ref_sig_.release();
    last_frame_ = -1;
  }
  spdlog::debug("faces: '{}': {} samples, detector on {} ({} repeated, {} flat, {} out of order), {} descriptors, "
                "{} tracks", rec.path, n_.samples, n_.detected, n_.repeated, n_.flat, n_.late, n_.descriptors,
                tracks_.size());
  analysis::AnalysisResult r;
  r.tables.push_back(faces_table(tracks_));
  r.sidecar = faces_sidecar(tracks_);
  return r;
}

record::Table faces_table(const std::vector<FaceTrack>& tracks) {
  std::vector<std::int64_t> id, start, end, ex, identity;
  std::vector<double> box, score, quality;
  std::vector<float> emb;
  std::vector<std::string> chip;
  for (const FaceTrack& t : tracks) {
    id.push_back(t.track);
    start.push_back(t.start_frame);
    end.push_back(t.end_frame);
    ex.push_back(t.exemplar_frame);
    const cv::Rect2f& b = t.exemplar.det.box;
    box.insert(box.end(), {b.x, b.y, b.width, b.height});
    score.push_back(t.score);
    quality.push_back(t.exemplar.quality);
    chip.push_back(base64_encode(t.exemplar_jpeg));
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
                 {"exemplar_quality", "", 1, quality},
                 {"exemplar_jpeg", "base64", 1, chip},
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
