#pragma once
/// @file frame_sampler.hpp
/// Bounded per-frame sampling for the scene stage. Only *candidate* frames are
/// embedded: the serial sink feeds every frame (its analysis images) to a
/// CandidateCollector, which embeds, in parallel batches, and keeps
///  - for each run of frames whose pHash stays within `run_max_hamming` bits of
///    the run's first frame (runs also break at a large HSV content change and
///    at black frames, so shot cuts end runs) the embedding of the run's
///    sharpest non-black frame (largest Laplacian variance). This is the same
///    grouping as the shot detector's dynamic frame selection (issue 3:
///    16 bits), so a shot's selected frames are normally candidates; and
///  - for each keyframe segment (a run boundary after at least
///    `keyframe_segment_s` seconds) the pixels of its sharpest candidate,
///    JPEG-encoded in memory (a colour image: the 256-wide grey analysis image
///    as luma, chroma upsampled from the 64-wide BGR image).
/// Memory is bounded: runs shorter than `min_run_frames` are extended (unless
/// a content break or black frame ends them), so there are at most
/// frames/min_run_frames candidates; when the candidates or stored JPEGs
/// exceed `max_candidates`/`max_keyframes`, neighbouring pairs are merged
/// (the sharper survives), halving the count. Defaults: 2 h at 25 fps
/// -> at most 36k candidates x 1.8 KB = 62 MB worst case (typically a few MB),
/// and at most 4096 JPEGs x ~8 KB.

#include <cstdint>
#include <string>
#include <vector>

#include "embed/image_embedder.hpp"
#include "record/black_frame.hpp"
#include "record/frame_series.hpp"
#include "reelscale/kernels/embedding.hpp"
#include "reelscale/kernels/image_view.hpp"

namespace reelscale::scenes {

/// What the parallel stage produces for one frame (owned copies: the
/// FrameScaler's buffers are reused by the next frame).
struct FrameSample {
  std::vector<std::uint8_t> gray;  ///< grey analysis image, gray_w x gray_h, row-major
  std::vector<std::uint8_t> bgr;   ///< BGR image, bgr_w x bgr_h x 3, row-major
  int gray_w = 0, gray_h = 0, bgr_w = 0, bgr_h = 0;
};

/// Copies the analysis images of one frame (the FrameScaler's buffers are reused).
/// Thread-safe (call from the parallel stage).
void sample_frame(const kernels::GrayView& gray, const kernels::BgrView& bgr, FrameSample& out);

/// Tunables of the candidate collector.
struct SamplerOptions {
  int run_max_hamming = 16;                              ///< pHash bits (of 64) a run may drift from its first frame
  float content_break = 0.35f;                           ///< HSV content_diff (0..1) that always ends a run
  float black_fraction = float(record::kBlackFraction);  ///< a frame with at least this black fraction is black
  int min_run_frames = 5;                                ///< a run ends on pHash drift only after this many frames
  double keyframe_segment_s = 1.0;                       ///< one stored keyframe JPEG per this many seconds at most
  std::size_t max_candidates = 65536;                    ///< pairwise merge above this many candidates
  std::size_t max_keyframes = 4096;                      ///< pairwise merge above this many stored JPEGs
  int jpeg_quality = 85;                                 ///< OpenCV IMWRITE_JPEG_QUALITY of stored keyframes
};

/// A frame whose embedding was kept.
struct Candidate {
  std::int64_t frame = 0;
  float laplacian_var = 0;
};

/// A frame whose pixels were kept (as JPEG bytes).
struct KeyframePixels {
  std::int64_t frame = 0;
  float laplacian_var = 0;
  std::string jpeg;  ///< JPEG file bytes
};

/// The collector's result.
struct FrameCandidates {
  int dim = kernels::kEmbeddingDim;
  std::vector<Candidate> frames;          ///< sorted by frame
  std::vector<float> embeddings;          ///< frames.size() x dim
  std::vector<KeyframePixels> keyframes;  ///< sorted by frame
  const float* embedding(std::size_t i) const { return embeddings.data() + i * std::size_t(dim); }
};

/// Serial consumer of the per-frame stream (call from the in-order sink).
///
/// The samples carry no embedding: the collector keeps the pixels of each
/// run's sharpest frame and, when the run closes, queues them; every
/// `kDeferredBatch` queued candidates (and before compaction and in finish())
/// it embeds the queue with tbb::parallel_for, so the network runs once per
/// candidate, in parallel, and at most kDeferredBatch frames' pixels wait.
class CandidateCollector {
 public:
  /// Candidates embedded per parallel batch in deferred mode.
  static constexpr std::size_t kDeferredBatch = 32;

  /// `embedder` embeds the candidates and sets FrameCandidates::dim; it must outlive
  /// the collector. `fps` <= 0 means record::timeline::kFallbackFps.
  CandidateCollector(double fps, SamplerOptions o, const embed::ImageEmbedder& embedder);
  /// Adds frame `series.size() - 1` (its row must already be appended) and its sample.
  /// `sample` may be moved from.
  void add(const FrameSeries& series, FrameSample& sample);
  /// Closes the open run/segment and returns everything kept.
  FrameCandidates finish();

 private:
  void close_run();
  void close_segment();
  void compact_candidates();
  void embed_pending();

  double fps_;
  SamplerOptions o_;
  FrameCandidates out_;
  // current run
  bool run_open_ = false;
  std::uint64_t run_hash_ = 0;
  std::int64_t run_start_ = 0, run_len_ = 0;
  bool run_best_valid_ = false;
  Candidate run_best_;
  FrameSample run_best_px_;
  // current keyframe segment
  std::int64_t seg_start_ = 0;
  bool seg_best_valid_ = false;
  Candidate seg_best_;
  FrameSample seg_best_px_;
  // deferred embedding: candidates only, in parallel batches
  const embed::ImageEmbedder& embedder_;
  struct Pending {
    std::size_t row;  ///< candidate row in out_
    FrameSample px;
  };
  std::vector<Pending> pending_;
};

/// Encodes a colour JPEG from the analysis images: the grey image is the luma
/// (Y), Cr/Cb come from the BGR image resized to the grey image's size.
/// @return the JPEG bytes (empty when the images are empty).
std::string encode_keyframe_jpeg(const FrameSample& px, int quality = 85);

}  // namespace reelscale::scenes
