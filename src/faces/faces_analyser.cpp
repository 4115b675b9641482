#include "faces/faces_analyser.hpp"

#include <algorithm>
#include <array>
#include <ctime>
#include <limits>

#include <spdlog/spdlog.h>
#include <tbb/parallel_for.h>
#include <opencv2/imgcodecs.hpp>
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

/// Adds this thread's CPU time over the scope's life to `total`, unless an enclosing CpuScope
/// on the same thread already counts it (a task run inside finish()'s wait, a parallel_for
/// body on the calling thread).
class CpuScope {
 public:
  explicit CpuScope(std::atomic<std::int64_t>& total) : total_(total), outer_(depth()++ == 0), t0_(outer_ ? now() : 0) {}
  ~CpuScope() {
    if (outer_) total_.fetch_add(now() - t0_);
    --depth();
  }
  CpuScope(const CpuScope&) = delete;
  CpuScope& operator=(const CpuScope&) = delete;

 private:
  static int& depth() {
    thread_local int d = 0;
    return d;
  }
  static std::int64_t now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
  }
  std::atomic<std::int64_t>& total_;
  bool outer_;
  std::int64_t t0_;
};

void scale_detection(FaceObservation& o, float s) {
  if (s == 1.0f) return;
  o.det.box = cv::Rect2f(o.det.box.x * s, o.det.box.y * s, o.det.box.width * s, o.det.box.height * s);
  for (auto& k : o.det.keypoints) k *= s;
}

}  // namespace

FacesAnalyser::FacesAnalyser(FaceModels models, FacesOptions o) : m_(std::move(models)), o_(o) {}

FacesAnalyser::~FacesAnalyser() noexcept {
  tasks_.cancel();
  try {
    tasks_.wait();
  } catch (...) {  // a failed detection of an asset that is being abandoned anyway
  }
}

void FacesAnalyser::submit(analysis::AnalysisFrame f) {
  if (in_flight_.fetch_add(1) >= std::max(0, o_.max_in_flight)) {
    in_flight_.fetch_sub(1);
    detect(f, false);  // back-pressure: the caller's thread, the caller's token
    return;
  }
  tasks_.run([this, f = std::move(f)] {
    struct Done {
      std::atomic<int>& n;
      ~Done() { n.fetch_sub(1); }
    } done{in_flight_};
    detect(f, false);
  });
}

double FacesAnalyser::tile_input_per_px(const analysis::AnalysisFrame& f) const {
  const int side = std::max(f.bgr.cols, f.bgr.rows);
  if (side <= 0 || !(o_.min_face_px > 0)) return 0;
  const double need = o_.tile_floor_px * f.scale / o_.min_face_px;  // input px per picture px
  return 256.0 / side < need ? need : 0;
}

bool FacesAnalyser::wants_picture(const analysis::AnalysisFrame& f) {
  if (!o_.gate || f.gray32.empty()) return true;  // no grey given: analyse() gates on the picture
  const CpuScope cpu(cpu_ns_);
  Pending p{f, {}};
  f.gray32.convertTo(p.sig, CV_32F);
  std::lock_guard lock(mu_);
  const bool detect = gate(p);  // in arrival order: samples 1/sample_hz apart hardly ever overtake
  decided_[f.frame] = detect;
  return detect;
}

void FacesAnalyser::analyse(const analysis::AnalysisFrame& f) {
  const CpuScope cpu(cpu_ns_);
  if (o_.gate && !f.gray32.empty()) {
    bool detect = false;
    {
      std::lock_guard lock(mu_);
      const auto it = decided_.find(f.frame);
      if (it != decided_.end()) {
        detect = it->second;
        decided_.erase(it);
      } else {
        detect = gate(Pending{f, [&] {
                                cv::Mat sig;
                                f.gray32.convertTo(sig, CV_32F);
                                return sig;
                              }()});
      }
    }
    if (detect && !f.bgr.empty()) submit(f);
    return;
  }
  if (!o_.gate) {
    std::vector<FaceObservation> obs = m_.observe(f.bgr);
    std::lock_guard lock(mu_);
    ++n_.samples, ++n_.detected, n_.descriptors += static_cast<std::int64_t>(obs.size());
    for (FaceObservation& o : obs) {
      scale_detection(o, static_cast<float>(f.scale));
      samples_.push_back({f.frame, o});
    }
    return;
  }
  Pending p{f, thumbnail(f.bgr)};
  std::vector<Pending> todo;
  {
    std::lock_guard lock(mu_);
    pending_[f.frame] = std::move(p);
    todo = take(static_cast<std::size_t>(std::max(0, o_.reorder_window)));
  }
  for (Pending& q : todo) submit(std::move(q.f));
}

std::vector<FacesAnalyser::Pending> FacesAnalyser::take(std::size_t keep) {
  std::vector<Pending> todo;
  while (pending_.size() > keep) {
    Pending p = std::move(pending_.begin()->second);
    pending_.erase(pending_.begin());
    if (gate(p)) todo.push_back(std::move(p));
  }
  return todo;
}

/// The change gate (see file comment): true when `p` is to be detected. Holds mu_.
bool FacesAnalyser::gate(const Pending& p) {
  ++n_.samples;
  cv::Scalar mean, sd;
  cv::meanStdDev(p.sig, mean, sd);
  if (sd[0] < o_.flat_sd) {  // black or flat picture (slate, fade): no face to find, nothing to repeat
    ++n_.flat;
    last_frame_ = std::max(last_frame_, p.f.frame);
    return false;
  }
  const bool late = p.f.frame < last_frame_;  // arrived after a later sample: always detect
  n_.late += late;
  const bool detect = late || ref_sig_.empty() || p.f.pts_s - ref_pts_ >= o_.refresh_s ||
                      cv::norm(p.sig, ref_sig_, cv::NORM_L1) / double(p.sig.total()) > o_.change_threshold;
  if (!detect) {
    ++n_.repeated;
    repeats_.emplace_back(p.f.frame, ref_frame_);
    last_frame_ = p.f.frame;
    return false;
  }
  ++n_.detected;
  detected_[p.f.frame];  // reserved: repeats may refer to it before its detections are in
  if (late) return true;
  ref_sig_ = p.sig;
  ref_pts_ = p.f.pts_s;
  ref_frame_ = last_frame_ = p.f.frame;
  return true;
}

/// Detects, aligns and keeps the chips of one sample's faces (`tiled`: with the tiled
/// pass). Takes mu_ only to store them.
void FacesAnalyser::detect(const analysis::AnalysisFrame& f, bool tiled) {
  const CpuScope cpu(cpu_ns_);  // in a task or a parallel_for body on any thread
  std::vector<cv::Mat> chips;
  const double tile = tile_input_per_px(f);
  std::vector<FaceObservation> obs = m_.locate(f.bgr, chips, tiled ? tile : 0);
  std::vector<FaceSample> now;
  for (std::size_t i = 0; i < obs.size(); ++i) {
    scale_detection(obs[i], static_cast<float>(f.scale));
    auto jpeg = std::make_shared<std::vector<unsigned char>>();
    cv::imencode(".jpg", chips[i], *jpeg, {cv::IMWRITE_JPEG_QUALITY, 95});
    now.push_back({f.frame, obs[i], false, std::move(jpeg), false});
  }
  std::lock_guard lock(mu_);
  Detected& d = detected_[f.frame];
  d.faces = std::move(now);
  if (tiled) {
    ++n_.tiled;
    d.f = {};
  } else if (tile > 0) {
    d.f = f;
  }  // the tiled pass may need this picture
}

/// The tiled pass (see file comment) on the middle kept picture of each shot, in parallel.
void FacesAnalyser::tile_shots(const std::vector<std::pair<std::int64_t, std::int64_t>>& shots) {
  std::vector<analysis::AnalysisFrame> todo;
  auto pick = [&](std::int64_t a, std::int64_t b) {
    std::vector<const analysis::AnalysisFrame*> in;
    for (auto it = detected_.lower_bound(a); it != detected_.end() && it->first <= b; ++it)
      if (!it->second.f.bgr.empty()) in.push_back(&it->second.f);
    if (!in.empty()) todo.push_back(*in[in.size() / 2]);
  };
  if (shots.empty()) pick(0, std::numeric_limits<std::int64_t>::max());
  for (const auto& [a, b] : shots) pick(a, b);
  tbb::parallel_for(std::size_t(0), todo.size(), [&](std::size_t i) { detect(todo[i], true); });
}

/// Mean descriptor of the best chips of one track piece: one per 4 distinct chips, at
/// most descriptors_per_track, highest quality first.
Descriptor FacesAnalyser::describe(const std::vector<const FaceSample*>& members) {
  const CpuScope cpu(cpu_ns_);
  std::vector<const FaceSample*> c;
  for (const FaceSample* s : members)
    if (s->chip_jpeg && !s->repeat) c.push_back(s);
  if (c.empty())  // only repeats here (a cut the thumbnail gate did not see): their source chips
    for (const FaceSample* s : members)
      if (s->chip_jpeg && (c.empty() || c.back()->chip_jpeg != s->chip_jpeg)) c.push_back(s);
  std::stable_sort(c.begin(), c.end(), [](auto* a, auto* b) { return a->obs.quality > b->obs.quality; });
  const std::size_t k =
      std::clamp<std::size_t>((c.size() + 3) / 4, 1, std::size_t(std::max(1, o_.descriptors_per_track)));
  if (c.size() > k) c.resize(k);
  std::array<double, kDescriptorDim> sum{};
  for (const FaceSample* s : c) {
    const Descriptor d = m_.embedder->embed(cv::imdecode(*s->chip_jpeg, cv::IMREAD_COLOR));
    for (int j = 0; j < kDescriptorDim; ++j) sum[j] += d[j];
  }
  descriptors_.fetch_add(static_cast<std::int64_t>(c.size()));  // pieces are described in parallel
  Descriptor out{};
  for (int j = 0; j < kDescriptorDim && !c.empty(); ++j) out[j] = static_cast<float>(sum[j] / double(c.size()));
  return out;
}

analysis::AnalysisResult FacesAnalyser::finish(const AssetRecord& rec) {
  analysis::AnalysisResult r;
  {
    const CpuScope cpu(cpu_ns_);
    finish_tracks(rec);
  }
  r.tables.push_back(faces_table(tracks_));
  r.sidecar = faces_sidecar(tracks_);
  r.cpu_s = 1e-9 * double(cpu_ns_.exchange(0));
  return r;
}

/// finish() up to the tracks: waits for the queued detections, detects the reorder tail,
/// runs the tiled pass and builds the tracks of the asset.
void FacesAnalyser::finish_tracks(const AssetRecord& rec) {
  tasks_.wait();  // queued detections (rethrows the first failure)
  std::vector<Pending> todo;
  {
    std::lock_guard lock(mu_);
    todo = take(0);
  }
  tbb::parallel_for(std::size_t(0), todo.size(), [&](std::size_t i) { detect(todo[i].f, false); });
  std::vector<std::pair<std::int64_t, std::int64_t>> shots;
  for (const auto& s : rec.shots.shots) shots.emplace_back(s.start_frame, s.end_frame);
  tile_shots(shots);
  {
    std::lock_guard lock(mu_);
    for (auto& [frame, d] : detected_) samples_.insert(samples_.end(), d.faces.begin(), d.faces.end());
    for (const auto& [frame, ref] : repeats_) {
      const auto it = detected_.find(ref);
      if (it == detected_.end()) continue;
      for (FaceSample s : it->second.faces) {
        s.frame = frame;
        s.repeat = true;
        samples_.push_back(std::move(s));
      }
    }
    tracks_ = build_tracks(std::move(samples_), shots, o_.tracks,
                           [this](const std::vector<const FaceSample*>& m) { return describe(m); });
    n_.descriptors += descriptors_.exchange(0);
    samples_.clear();
    detected_.clear();
    repeats_.clear();
    ref_sig_.release();
    ref_frame_ = last_frame_ = -1;
  }
  spdlog::debug(
      "faces: '{}': {} samples, detector on {} ({} repeated, {} flat, {} out of order), {} descriptors, "
      "{} tiled, {} tracks",
      rec.path, n_.samples, n_.detected, n_.repeated, n_.flat, n_.late, n_.descriptors, n_.tiled, tracks_.size());
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
    a.push_back({{"track", t.track},
                 {"start", t.start_frame},
                 {"end", t.end_frame},
                 {"identity", -1},
                 {"name", nullptr},
                 {"box", {b.x, b.y, b.width, b.height}}});
  }
  return a;
}

analysis::AnalyserFactory faces_factory(FaceModels models, FacesOptions o) {
  return
      [models, o]() -> std::unique_ptr<analysis::FrameAnalyser> { return std::make_unique<FacesAnalyser>(models, o); };
}

}  // namespace reelscale::faces
