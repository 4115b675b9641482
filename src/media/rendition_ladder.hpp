#pragma once
/// @file rendition_ladder.hpp
/// One read, many outputs: decoded frames (in presentation order, from the
/// pipeline's serial stage) and the audio packets of the same read feed N H.264 +
/// AAC MP4 renditions. Each rung scales and encodes on its own thread behind a
/// bounded queue; audio is decoded, processed (loudness normalisation) and AAC
/// encoded once on one more thread, and the same AAC packets go into every rung.
/// A failing rung records its error and drops out; the others and the caller go on.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "media/bounded_queue.hpp"
#include "media/ffmpeg_ptr.hpp"
#include "media/rational.hpp"
#include "media/stereo_processor.hpp"

namespace reelscale::media {

/// One rendition to make.
struct RungConfig {
  std::filesystem::path path;  ///< final MP4 path (written as <path>.part, renamed when complete)
  int width = 0, height = 0;   ///< output size, even; square pixels unless `sar` says otherwise
  Rational sar{1, 1};          ///< sample aspect ratio of the output
  int crf = 23;
  int bit_rate = 0;            ///< > 0: ABR in bits/s instead of CRF
  std::string preset = "veryfast";
  int gop = 250;               ///< frames
  int threads = 0;             ///< x264 threads (0 = auto)
  int turns = 0;               ///< clockwise quarter turns making the source upright (width/height are upright)
};

/// The whole ladder of one asset.
struct LadderConfig {
  std::vector<RungConfig> rungs;
  int audio_bit_rate = 128000;
  bool deinterlace = false;  ///< yadif on frames flagged interlaced
  std::size_t queue_frames = 8;  ///< decoded frames buffered per rung
  /// Makes the audio processor (called once on the audio thread, may block, e.g. on a
  /// loudness first pass); null or returning null = audio unchanged.
  std::function<std::unique_ptr<StereoProcessor>()> audio_processor;
};

/// Outcome of one rung.
struct RungResult {
  std::filesystem::path path;
  int width = 0, height = 0;
  std::int64_t frames = 0;     ///< video frames encoded
  double duration_s = 0;       ///< last frame end, seconds
  std::int64_t bytes = 0;      ///< file size
  double bit_rate = 0;         ///< total bits/s (file size / duration)
  std::string error;           ///< non-empty: the rung failed (no file left under `path`)
};

/// Feeds N renditions from one decode. Usage: begin() once, push_video()/push_audio()
/// from one thread in read order, finish() once. Not copyable.
class RenditionLadder {
 public:
  /// @param file source file, named in every error message
  RenditionLadder(LadderConfig cfg, std::string file);
  ~RenditionLadder();
  RenditionLadder(const RenditionLadder&) = delete;
  RenditionLadder& operator=(const RenditionLadder&) = delete;

  /// Opens encoders and writes headers. `audio_stream` < 0 = video only.
  /// A rung that cannot open is failed at once (see results()).
  void begin(const AVFormatContext* fmt, int video_stream, int audio_stream);
  /// One decoded frame (referenced, not copied); `force_key` = IDR here (e.g. a cut).
  void push_video(const AVFrame& frame, bool force_key);
  /// One packet of the audio stream given to begin(); others are ignored.
  void push_audio(const AVPacket& pkt);
  /// Drains every thread, writes trailers, renames. Returns one result per rung.
  std::vector<RungResult> finish();

 private:
  struct Rung;
  struct VideoItem {
    FramePtr frame;
    bool key = false;
  };
  void run_rung(Rung& r);
  void run_audio();
  void fail(Rung& r, const std::string& msg);

  LadderConfig cfg_;
  std::string file_;
  std::vector<std::unique_ptr<Rung>> rungs_;
  const AVStream* vst_ = nullptr;  ///< the source's stream: valid only until the source is closed
  int vtb_num_ = 1, vtb_den_ = 1;  ///< its time base, kept for finish() (called after the close)
  const AVStream* ast_ = nullptr;
  std::int64_t v_start_ = 0, last_pts_ = INT64_MIN;
  std::int64_t audio_trim_ = 0;  ///< samples to drop at the start (audio starts before video)
  std::unique_ptr<class AacEncoder> aac_;
  std::unique_ptr<BoundedQueue<PacketPtr>> audio_q_;
  std::thread audio_thread_;
  std::string audio_error_;
  bool finished_ = false;
};

}  // namespace reelscale::media
