#include "media/rendition_ladder.hpp"
#include "media/detail/libav.hpp"

#include <system_error>

#include "media/aac_encoder.hpp"
#include "media/audio_reader.hpp"
#include "media/muxer.hpp"
#include "media/rung_scaler.hpp"
#include "media/video_encoder.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libavutil/rational.h>
}

namespace reelscale::media {

struct RenditionLadder::Rung {
  RungConfig cfg;
  std::unique_ptr<Muxer> mux;
  std::unique_ptr<VideoEncoder> enc;
  std::unique_ptr<RungScaler> scaler;
  int v_index = -1, a_index = -1;
  BoundedQueue<VideoItem> queue;
  std::thread thread;
  std::atomic<bool> failed{false};
  std::string error;
  std::int64_t frames = 0, last_end = 0;
  explicit Rung(std::size_t cap) : queue(cap) {}
};

RenditionLadder::RenditionLadder(LadderConfig cfg, std::string file) : cfg_(std::move(cfg)), file_(std::move(file)) {}

RenditionLadder::~RenditionLadder() {
  if (!finished_ && !rungs_.empty()) {
    try {
      finish();
    } catch (...) {
    }
  }
}

void RenditionLadder::fail(Rung& r, const std::string& msg) {
  if (r.failed.exchange(true)) return;
  r.error = msg;
}

void RenditionLadder::begin(const AVFormatContext* fmt, int video_stream, int audio_stream) {
  vst_ = fmt->streams[video_stream];
  vtb_num_ = vst_->time_base.num, vtb_den_ = vst_->time_base.den;
  v_start_ = vst_->start_time != AV_NOPTS_VALUE ? vst_->start_time : 0;
  ast_ = audio_stream >= 0 ? fmt->streams[audio_stream] : nullptr;
  AVRational rate = vst_->avg_frame_rate.num > 0 ? vst_->avg_frame_rate : vst_->r_frame_rate;
  if (rate.num <= 0 || rate.den <= 0) rate = {25, 1};
  std::int64_t start_sample = 0;
  if (ast_) {
    const double a0 = ast_->start_time != AV_NOPTS_VALUE ? double(ast_->start_time) * av_q2d(ast_->time_base) : 0;
    const double offset = a0 - double(v_start_) * av_q2d(vst_->time_base);
    if (offset > 0) start_sample = std::int64_t(offset * 48000 + 0.5);
    else audio_trim_ = std::int64_t(-offset * 48000 + 0.5);
  }
  for (const RungConfig& rc : cfg_.rungs) {
    auto r = std::make_unique<Rung>(cfg_.queue_frames);
    r->cfg = rc;
    try {
      std::filesystem::create_directories(rc.path.parent_path());
      r->mux = std::make_unique<Muxer>(rc.path, "mp4");
      VideoEncodeSettings s;
      s.width = rc.width, s.height = rc.height, s.sar = to_av(rc.sar);
      s.time_base = vst_->time_base, s.frame_rate = rate;
      s.crf = rc.crf, s.bit_rate = rc.bit_rate, s.preset = rc.preset, s.gop = rc.gop, s.threads = rc.threads;
      s.colorspace = vst_->codecpar->color_space == AVCOL_SPC_BT709 ? AVCOL_SPC_BT709 : AVCOL_SPC_UNSPECIFIED;
      r->enc = std::make_unique<VideoEncoder>(s, rc.path.string(), r->mux->global_header());
      r->scaler = std::make_unique<RungScaler>(rc.width, rc.height, cfg_.deinterlace, file_, rc.turns);
      r->v_index = r->mux->add_stream(r->enc->context());
      if (ast_ && !aac_) aac_ = std::make_unique<AacEncoder>(cfg_.audio_bit_rate, true, file_, start_sample);
      if (ast_) r->a_index = r->mux->add_stream(aac_->context());
      r->mux->begin("+faststart");
    } catch (const std::exception& e) {
      fail(*r, e.what());
      r->mux.reset();
    }
    rungs_.push_back(std::move(r));
  }
  for (auto& r : rungs_) {
    if (!r->failed) r->thread = std::thread([this, p = r.get()] { run_rung(*p); });
  }
  if (ast_ && aac_) {
    audio_q_ = std::make_unique<BoundedQueue<PacketPtr>>(0);
    audio_thread_ = std::thread([this] { run_audio(); });
  }
}

void RenditionLadder::push_video(const AVFrame& frame, bool force_key) {
  std::int64_t ts = frame.best_effort_timestamp != AV_NOPTS_VALUE ? frame.best_effort_timestamp : frame.pts;
  ts = ts == AV_NOPTS_VALUE ? last_pts_ + 1 : ts - v_start_;
  if (ts <= last_pts_) ts = last_pts_ + 1;  // the encoder needs strictly increasing timestamps
  last_pts_ = ts;
  for (auto& r : rungs_) {
    if (r->failed) continue;
    VideoItem item{make_frame(), force_key};
    if (av_frame_ref(item.frame.get(), &frame) < 0) {
      fail(*r, "out of memory referencing a frame of '" + file_ + "'");
      continue;
    }
    item.frame->pts = ts;
    r->queue.push(std::move(item));
  }
}

void RenditionLadder::push_audio(const AVPacket& pkt) {
  if (!audio_q_ || !ast_ || pkt.stream_index != ast_->index) return;
  PacketPtr p(av_packet_clone(&pkt));
  if (p) audio_q_->push(std::move(p));
}

void RenditionLadder::run_rung(Rung& r) {
  std::deque<bool> keys;  // key flags of frames inside the deinterlacer's delay
  auto write = [&](AVPacket* p) {
    r.last_end = std::max(r.last_end, p->pts + p->duration);
    r.mux->write(p, r.v_index, r.enc->context()->time_base);
  };
  auto encode = [&](AVFrame* f) {
    const bool key = keys.empty() ? false : keys.front();
    if (!keys.empty()) keys.pop_front();
    r.enc->encode(f, key, write);
    ++r.frames;
  };
  while (auto item = r.queue.pop()) {
    if (r.failed) continue;  // keep draining so the producer never blocks
    try {
      keys.push_back(item->key);
      r.scaler->push(item->frame.get(), encode);
    } catch (const std::exception& e) {
      fail(r, e.what());
    }
  }
  if (r.failed) return;
  try {
    r.scaler->flush(encode);
    r.enc->flush(write);
  } catch (const std::exception& e) {
    fail(r, e.what());
  }
}

void RenditionLadder::run_audio() {
  std::unique_ptr<StereoProcessor> proc;
  std::unique_ptr<AudioReader> reader;
  try {
    if (cfg_.audio_processor) proc = cfg_.audio_processor();
    reader = std::make_unique<AudioReader>(ast_, file_);
  } catch (const std::exception& e) {
    audio_error_ = e.what();
  }
  std::int64_t trim = audio_trim_;
  auto write = [&](AVPacket* p) {
    for (auto& r : rungs_) {
      if (r->failed || r->a_index < 0) continue;
      PacketPtr c(av_packet_clone(p));
      try {
        r->mux->write(c.get(), r->a_index, aac_->context()->time_base);
      } catch (const std::exception& e) {
        fail(*r, e.what());
      }
    }
  };
  StereoSink encode = [&](const float* l, const float* rr, int n) { aac_->push(l, rr, n, write); };
  StereoSink trimmed = [&](const float* l, const float* rr, int n) {
    const int skip = int(std::min<std::int64_t>(trim, n));
    trim -= skip;
    if (n > skip) proc ? proc->process(l + skip, rr + skip, n - skip, encode) : encode(l + skip, rr + skip, n - skip);
  };
  while (auto p = audio_q_->pop()) {
    if (!reader || !audio_error_.empty()) continue;
    try {
      reader->feed(**p, trimmed);
    } catch (const std::exception& e) {
      audio_error_ = e.what();
    }
  }
  if (!reader || !audio_error_.empty()) return;
  try {
    reader->flush(trimmed);
    if (proc) proc->flush(encode);
    aac_->flush(write);
  } catch (const std::exception& e) {
    audio_error_ = e.what();
  }
}

std::vector<RungResult> RenditionLadder::finish() {
  finished_ = true;
  for (auto& r : rungs_) r->queue.close();
  if (audio_q_) audio_q_->close();
  for (auto& r : rungs_)
    if (r->thread.joinable()) r->thread.join();
  if (audio_thread_.joinable()) audio_thread_.join();
  std::vector<RungResult> out;
  for (auto& r : rungs_) {
    RungResult res;
    res.path = r->cfg.path;
    res.width = r->cfg.width, res.height = r->cfg.height;
    if (!r->failed && !audio_error_.empty()) fail(*r, "audio: " + audio_error_);
    if (!r->failed) {
      try {
        r->mux->finish();
      } catch (const std::exception& e) {
        fail(*r, e.what());
      }
    }
    r->mux.reset();  // deletes the .part file of a failed rung
    res.error = r->error;
    res.frames = r->frames;
    res.duration_s = double(r->last_end) * av_q2d(AVRational{vtb_num_, vtb_den_});  // not vst_: the source is closed by now
    std::error_code ec;
    if (res.error.empty()) res.bytes = std::int64_t(std::filesystem::file_size(res.path, ec));
    if (res.duration_s > 0) res.bit_rate = 8.0 * double(res.bytes) / res.duration_s;
    out.push_back(std::move(res));
  }
  return out;
}

}  // namespace reelscale::media
