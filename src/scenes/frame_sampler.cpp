#include "scenes/frame_sampler.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <tbb/parallel_for.h>

#include "embed/colour_analysis_image.hpp"
#include "record/timeline.hpp"
#include "reelscale/kernels/frame_kernels.hpp"

namespace reelscale::scenes {

namespace k = reelscale::kernels;

void sample_frame(const k::GrayView& gray, const k::BgrView& bgr, FrameSample& out) {
  out.gray_w = gray.width;
  out.gray_h = gray.height;
  out.gray.resize(std::size_t(gray.width) * gray.height);
  for (int y = 0; y < gray.height; ++y)
    std::memcpy(out.gray.data() + std::size_t(y) * gray.width, gray.row(y), std::size_t(gray.width));
  out.bgr_w = bgr.width;
  out.bgr_h = bgr.height;
  out.bgr.resize(std::size_t(bgr.width) * bgr.height * 3);
  for (int y = 0; y < bgr.height; ++y)
    std::memcpy(out.bgr.data() + std::size_t(y) * bgr.width * 3, bgr.row(y), std::size_t(bgr.width) * 3);
}

namespace {
k::GrayView gray_view(const FrameSample& px) { return {px.gray.data(), px.gray_w, px.gray_h, px.gray_w}; }
k::BgrView bgr_view(const FrameSample& px) {
  if (px.bgr.empty() || px.bgr_w <= 0 || px.bgr_h <= 0) return {};
  return {px.bgr.data(), px.bgr_w, px.bgr_h, std::ptrdiff_t(px.bgr_w) * 3};
}
}  // namespace

std::string encode_keyframe_jpeg(const FrameSample& px, int quality) {
  if (px.gray.empty() || px.gray_w <= 0 || px.gray_h <= 0) return {};
  const cv::Mat img = embed::colour_analysis_image(gray_view(px), bgr_view(px));
  std::vector<std::uint8_t> buf;
  cv::imencode(".jpg", img, buf, {cv::IMWRITE_JPEG_QUALITY, quality});
  return std::string(buf.begin(), buf.end());
}

CandidateCollector::CandidateCollector(double fps, SamplerOptions o, const embed::ImageEmbedder& embedder)
    : fps_(record::timeline::effective_fps(fps)), o_(o), embedder_(embedder) {
  out_.dim = embedder.dim();
}

void CandidateCollector::embed_pending() {
  if (pending_.empty()) return;
  const std::size_t d = std::size_t(out_.dim);
  tbb::parallel_for(std::size_t(0), pending_.size(), [&](std::size_t i) {
    const Pending& p = pending_[i];
    embedder_.embed(gray_view(p.px), bgr_view(p.px), std::span<float>(out_.embeddings.data() + p.row * d, d));
  });
  pending_.clear();
}

void CandidateCollector::add(const FrameSeries& s, FrameSample& sample) {
  const std::size_t i = s.size() - 1;
  const std::int64_t f = std::int64_t(i);
  const bool black = record::is_black_frame(s, i, o_.black_fraction);
  const float diff = s.content_diff[i];
  const std::uint64_t h = s.phash[i];
  const float lap = s.laplacian_var[i];

  bool brk = false;
  if (run_open_) {
    if (black || diff >= o_.content_break)
      brk = true;
    else if (run_len_ >= o_.min_run_frames && k::hamming_distance(h, run_hash_) > o_.run_max_hamming)
      brk = true;
  }
  if (brk) {
    close_run();
    if (double(f - seg_start_) >= o_.keyframe_segment_s * fps_) close_segment();
  }
  if (black) return;  // black frames are never candidates and belong to no run
  if (!run_open_) {
    run_open_ = true;
    run_hash_ = h;
    run_start_ = f;
    run_len_ = 0;
    run_best_valid_ = false;
    if (!seg_best_valid_) seg_start_ = std::max(seg_start_, f);
  }
  ++run_len_;
  if (!run_best_valid_ || lap > run_best_.laplacian_var) {
    run_best_valid_ = true;
    run_best_ = {f, lap};
    std::swap(run_best_px_, sample);  // embedded later from these pixels
  }
}

void CandidateCollector::close_run() {
  if (!run_open_) return;
  run_open_ = false;
  if (!run_best_valid_) return;
  out_.frames.push_back(run_best_);
  const bool to_segment =
      !run_best_px_.gray.empty() && (!seg_best_valid_ || run_best_.laplacian_var > seg_best_.laplacian_var);
  // Embedded later, in a parallel batch: zeros until then.
  if (to_segment)
    pending_.push_back({out_.frames.size() - 1, run_best_px_});  // a copy: the segment keeps them
  else
    pending_.push_back({out_.frames.size() - 1, std::move(run_best_px_)});
  out_.embeddings.resize(out_.embeddings.size() + std::size_t(out_.dim), 0.0f);
  if (to_segment) {
    seg_best_valid_ = true;
    seg_best_ = run_best_;
    std::swap(seg_best_px_, run_best_px_);
  }
  run_best_px_.gray.clear();
  run_best_valid_ = false;
  if (pending_.size() >= kDeferredBatch) embed_pending();
  if (out_.frames.size() > o_.max_candidates) {
    embed_pending();
    compact_candidates();
  }
}

void CandidateCollector::close_segment() {
  if (seg_best_valid_) {
    out_.keyframes.push_back(
        {seg_best_.frame, seg_best_.laplacian_var, encode_keyframe_jpeg(seg_best_px_, o_.jpeg_quality)});
    if (out_.keyframes.size() > o_.max_keyframes) {
      // Merge neighbouring pairs: the sharper survives; segments double in length.
      std::vector<KeyframePixels> kept;
      for (std::size_t j = 0; j < out_.keyframes.size(); j += 2) {
        if (j + 1 < out_.keyframes.size() && out_.keyframes[j + 1].laplacian_var > out_.keyframes[j].laplacian_var)
          kept.push_back(std::move(out_.keyframes[j + 1]));
        else
          kept.push_back(std::move(out_.keyframes[j]));
      }
      out_.keyframes = std::move(kept);
      o_.keyframe_segment_s *= 2;
    }
  }
  seg_best_valid_ = false;
  seg_best_px_ = FrameSample{};
  seg_start_ = run_open_ ? run_start_ : seg_start_;
}

void CandidateCollector::compact_candidates() {
  const std::size_t n = out_.frames.size(), d = std::size_t(out_.dim);
  std::vector<Candidate> frames;
  std::vector<float> emb;
  for (std::size_t j = 0; j < n; j += 2) {
    std::size_t pick = j;
    if (j + 1 < n && out_.frames[j + 1].laplacian_var > out_.frames[j].laplacian_var) pick = j + 1;
    frames.push_back(out_.frames[pick]);
    emb.insert(emb.end(), out_.embeddings.begin() + std::ptrdiff_t(pick * d),
               out_.embeddings.begin() + std::ptrdiff_t((pick + 1) * d));
  }
  out_.frames = std::move(frames);
  out_.embeddings = std::move(emb);
  o_.min_run_frames *= 2;
}

FrameCandidates CandidateCollector::finish() {
  close_run();
  close_segment();
  embed_pending();
  return std::move(out_);
}

}  // namespace reelscale::scenes
