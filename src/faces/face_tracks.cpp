#include "faces/face_tracks.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <stdexcept>
#include <tuple>

#include <tbb/parallel_for.h>

namespace reelscale::faces {
namespace {

/// A track being built.
struct Open {
  FaceTrack t;
  std::vector<double> sum;
  FaceObservation last;
  bool last_described = true;
  std::int64_t last_frame = 0;
  bool active = true;
  std::size_t shot = 0;
  std::vector<std::int64_t> frames;  ///< sampled frames with a detection, ascending
  std::vector<const FaceSample*> members;
};

/// The time slot of `frame` among `shots` (sorted, inclusive [first, last] frames): 2 + 2i
/// inside shot i, 3 + 2i between the end of shot i and the next start (a gradual transition:
/// its frames belong to neither shot), 1 before the first shot. Tracks never cross a slot.
std::size_t shot_of(const std::vector<std::pair<std::int64_t, std::int64_t>>& shots, std::int64_t frame) {
  auto it = std::upper_bound(shots.begin(), shots.end(), frame,
                             [](std::int64_t f, const auto& s) { return f < s.first; });
  if (it == shots.begin()) return 1;
  const auto i = static_cast<std::size_t>(it - shots.begin() - 1);
  return frame <= shots[i].second ? 2 + 2 * i : 3 + 2 * i;
}

void extend(Open& o, const FaceSample& s) {
  if (o.t.detections == 0) {
    o.t.start_frame = s.frame;
    o.sum.assign(kDescriptorDim, 0.0);
  }
  o.t.end_frame = s.frame;
  ++o.t.detections;
  for (int k = 0; k < kDescriptorDim; ++k) o.sum[k] += s.obs.descriptor[k];
  if (o.t.detections == 1 || s.obs.quality > o.t.exemplar.quality || (o.t.exemplar_jpeg.empty() && s.chip_jpeg)) {
    o.t.exemplar = s.obs;
    o.t.exemplar_frame = s.frame;
    o.t.exemplar_jpeg = s.chip_jpeg ? *s.chip_jpeg : std::vector<unsigned char>{};
  }
  o.t.score = std::max(o.t.score, s.obs.det.score);
  o.last = s.obs;
  o.last_described = s.described;
  o.last_frame = s.frame;
  o.frames.push_back(s.frame);
  o.members.push_back(&s);
}

std::array<float, kDescriptorDim> mean_of(const Open& o) {
  std::array<float, kDescriptorDim> m{};
  for (int k = 0; k < kDescriptorDim; ++k) m[k] = static_cast<float>(o.sum[k] / o.t.detections);
  return m;
}

bool share_frame(const Open& a, const Open& b) {
  std::vector<std::int64_t> both;
  std::set_intersection(a.frames.begin(), a.frames.end(), b.frames.begin(), b.frames.end(), std::back_inserter(both));
  return !both.empty();
}

/// Folds track b into a (same shot, no common frame).
void absorb(Open& a, Open& b) {
  for (int k = 0; k < kDescriptorDim; ++k) a.sum[k] += b.sum[k];
  a.t.detections += b.t.detections;
  a.t.start_frame = std::min(a.t.start_frame, b.t.start_frame);
  a.t.end_frame = std::max(a.t.end_frame, b.t.end_frame);
  a.t.score = std::max(a.t.score, b.t.score);
  if (b.t.exemplar.quality > a.t.exemplar.quality) {
    a.t.exemplar = b.t.exemplar;
    a.t.exemplar_frame = b.t.exemplar_frame;
    a.t.exemplar_jpeg = std::move(b.t.exemplar_jpeg);
  }
  std::vector<std::int64_t> f;
  std::merge(a.frames.begin(), a.frames.end(), b.frames.begin(), b.frames.end(), std::back_inserter(f));
  a.frames = std::move(f);
  b.t.detections = 0;  // dropped
}

/// Re-joins pieces of one face within a shot that the frame-to-frame linking split (the
/// person moved across the picture or was occluded): pieces never on the same frame whose
/// mean descriptors are closer than `max_distance`, closest first.
void stitch(std::vector<Open>& open, float max_distance) {
  while (true) {
    float best = max_distance;
    std::size_t ba = 0, bb = 0;
    for (std::size_t a = 0; a < open.size(); ++a)
      for (std::size_t b = a + 1; b < open.size(); ++b) {
        if (!open[a].t.detections || !open[b].t.detections || open[a].shot != open[b].shot) continue;
        if (share_frame(open[a], open[b])) continue;
        const float d = descriptor_distance(mean_of(open[a]), mean_of(open[b]));
        if (d < best) best = d, ba = a, bb = b;
      }
    if (best >= max_distance) return;
    absorb(open[ba], open[bb]);
  }
}

/// Links the detections of one frame to the active tracks, opening new ones.
void link_frame(std::vector<Open>& open, const std::vector<const FaceSample*>& frame, const TrackOptions& o) {
  std::vector<std::tuple<float, std::size_t, std::size_t>> cand;  // cost, track, detection
  for (std::size_t t = 0; t < open.size(); ++t) {
    if (!open[t].active) continue;
    for (std::size_t d = 0; d < frame.size(); ++d) {
      const float iou = box_iou(open[t].last.det.box, frame[d]->obs.det.box);
      if (!frame[d]->described || !open[t].last_described) {  // boxes only
        if (iou >= o.min_iou) cand.emplace_back(-iou, t, d);
        continue;
      }
      const float dist = descriptor_distance(open[t].last.descriptor, frame[d]->obs.descriptor);
      if ((iou >= o.min_iou && dist < o.iou_max_distance) || dist < o.max_distance)
        cand.emplace_back(dist - iou, t, d);
    }
  }
  std::sort(cand.begin(), cand.end());
  std::vector<bool> track_used(open.size(), false), det_used(frame.size(), false);
  for (const auto& [cost, t, d] : cand) {
    if (track_used[t] || det_used[d]) continue;
    track_used[t] = det_used[d] = true;
    extend(open[t], *frame[d]);
  }
  for (std::size_t d = 0; d < frame.size(); ++d)
    if (!det_used[d]) {
      open.emplace_back();
      extend(open.back(), *frame[d]);
    }
}

}  // namespace

std::vector<FaceTrack> build_tracks(std::vector<FaceSample> samples,
                                    const std::vector<std::pair<std::int64_t, std::int64_t>>& shots,
                                    const TrackOptions& o, const PieceDescriber& describe) {
  std::stable_sort(samples.begin(), samples.end(), [](const auto& a, const auto& b) { return a.frame < b.frame; });
  std::vector<Open> open;
  std::size_t i = 0, shot = 0;
  while (i < samples.size()) {
    const std::int64_t f = samples[i].frame;
    const std::size_t s = shots.empty() ? 0 : shot_of(shots, f);
    for (auto& t : open)
      if (s != shot || f - t.last_frame > o.max_gap_frames) t.active = false;
    shot = s;
    std::vector<const FaceSample*> frame;
    for (; i < samples.size() && samples[i].frame == f; ++i) frame.push_back(&samples[i]);
    const std::size_t before = open.size();
    link_frame(open, frame, o);
    for (std::size_t k = before; k < open.size(); ++k) open[k].shot = shot;
  }
  bool undescribed = false;
  for (const auto& s : samples) undescribed = undescribed || !s.described;
  if (undescribed) {
    if (!describe) throw std::invalid_argument("build_tracks: undescribed samples need a describer");
    tbb::parallel_for(std::size_t(0), open.size(), [&](std::size_t j) {  // each piece its own
      Open& t = open[j];
      const Descriptor d = describe(t.members);
      for (int k = 0; k < kDescriptorDim; ++k) t.sum[k] = double(d[k]) * t.t.detections;
    });
  }
  stitch(open, o.stitch_distance);
  std::sort(open.begin(), open.end(), [](const Open& a, const Open& b) { return a.t.start_frame < b.t.start_frame; });
  std::vector<FaceTrack> out;
  for (auto& t : open) {
    if (t.t.detections == 0) continue;
    for (int k = 0; k < kDescriptorDim; ++k) t.t.mean[k] = static_cast<float>(t.sum[k] / t.t.detections);
    t.t.track = static_cast<std::int64_t>(out.size());
    out.push_back(t.t);
  }
  return out;
}

}  // namespace reelscale::faces
