#include "pipeline/frame_stages.hpp"

#include <span>

#include "media/bgr_frame.hpp"
#include "record/timeline.hpp"

namespace reelscale::pipeline {
namespace {

namespace k = reelscale::kernels;

/// Runs every per-frame kernel on the analysis images of one frame.
void measure(const media::FrameScaler& sc, FrameToken& t) {
  t.phash = k::phash64(sc.gray32());
  t.laplacian_var = float(k::laplacian_variance(sc.gray()));
  t.luma = k::luma_stats(sc.gray());
  k::hsv_histogram(sc.bgr(), t.hist);
  k::luma_thumbnail(sc.gray32(), t.thumb);
}

/// Hands a sampled frame to the plug-in analysers (before the frame is released): its 32x32
/// grey first, the BGR picture only when one of them wants it.
void run_frame_analysers(AnalyserStage& stage, const media::FrameScaler& sc, const FrameToken& t) {
  analysis::AnalysisFrame f;
  f.frame = t.index;
  f.pts_s = t.pts_s;
  const k::GrayView g = sc.gray32();
  f.gray32 = cv::Mat(g.height, g.width, CV_8UC1, const_cast<std::uint8_t*>(g.data), g.stride).clone();
  if (const AnalyserMask picture = stage.wants_picture(t.analysers, f))
    f.bgr = media::to_bgr(*t.frame, stage.max_side(picture), &f.scale);
  stage.analyse(t.analysers, f);
}

std::int64_t elapsed_ns(double c0) { return std::int64_t(1e9 * (thread_cpu_s() - c0)); }

}  // namespace

Token DecodeStage::operator()(tbb::flow_control& fc) const {
  const double c0 = thread_cpu_s();
  auto t = std::make_shared<FrameToken>();
  if (st_->stop.load(std::memory_order_relaxed) || !st_->decoder.next(t->frame.get())) {
    fc.stop();
    return nullptr;
  }
  if (const auto ts = t->frame.timestamp())
    t->pts_s = record::timeline::pts_seconds(*ts, st_->start_pts, st_->tb_num, st_->tb_den);
  t->index = st_->next_index++;
  if (st_->analysers.has_frame_analysers()) t->analysers = st_->analysers.wants(t->index);
  st_->cpu_ns += elapsed_ns(c0);
  return t;
}

Token MeasureStage::operator()(Token t) const {
  const double c0 = thread_cpu_s();
  auto& sc = st_->scalers.local();
  sc.convert(*t->frame, st_->sar, st_->rotation_deg);
  measure(sc, *t);
  if (st_->opts.detect_scenes) scenes::sample_frame(sc.gray(), sc.bgr(), t->sample);
  st_->cpu_ns += elapsed_ns(c0);
  if (t->analysers) run_frame_analysers(st_->analysers, sc, *t);
  if (!st_->keep_frame) t->frame.release();  // return the decoder's buffer
  return t;
}

void CollectStage::operator()(Token t) const {
  FrameSeries& s = *series_;
  std::span<const float> prev;
  if (s.size() > 0) prev = s.hist(s.size() - 1);
  s.pts_s.push_back(t->pts_s);
  s.phash.push_back(t->phash);
  s.laplacian_var.push_back(t->laplacian_var);
  s.black_fraction.push_back(t->luma.black_fraction);
  s.mean_luma.push_back(t->luma.mean_luma);
  s.content_diff.push_back(prev.empty() ? 0.0f : k::histogram_distance(prev, t->hist));
  s.hsv_hist.insert(s.hsv_hist.end(), t->hist.begin(), t->hist.end());
  s.thumb.insert(s.thumb.end(), t->thumb.begin(), t->thumb.end());
  if (collector_) collector_->add(s, t->sample);
}

}  // namespace reelscale::pipeline
