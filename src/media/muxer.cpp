#include "media/muxer.hpp"
#include "media/detail/libav.hpp"

#include <system_error>

extern "C" {
#include <libavutil/opt.h>
}

namespace reelscale::media {

Muxer::Muxer(std::filesystem::path path, const std::string& format) : path_(std::move(path)) {
  part_ = path_;
  part_ += ".part";
  const char* fmt = format.empty() ? nullptr : format.c_str();
  int rc = avformat_alloc_output_context2(&ctx_, nullptr, fmt, path_.c_str());
  if (rc < 0 || !ctx_) throw_media_error("cannot set up the muxer for", path_.string(), rc < 0 ? rc : AVERROR(ENOMEM));
  // The url is what mov's +faststart re-opens for its second pass: the temporary file.
  av_freep(&ctx_->url);
  ctx_->url = av_strdup(part_.c_str());
  if (!(ctx_->oformat->flags & AVFMT_NOFILE)) {
    rc = avio_open(&ctx_->pb, part_.c_str(), AVIO_FLAG_WRITE);
    if (rc < 0) {
      avformat_free_context(ctx_);
      ctx_ = nullptr;
      throw_media_error("cannot create", part_.string(), rc);
    }
  }
}

Muxer::~Muxer() {
  close();
  if (!finished_) {
    std::error_code ec;
    std::filesystem::remove(part_, ec);
  }
}

void Muxer::close() {
  if (!ctx_) return;
  if (ctx_->pb && !(ctx_->oformat->flags & AVFMT_NOFILE)) avio_closep(&ctx_->pb);
  avformat_free_context(ctx_);
  ctx_ = nullptr;
}

bool Muxer::global_header() const { return ctx_ && (ctx_->oformat->flags & AVFMT_GLOBALHEADER); }

int Muxer::add_stream(const AVCodecContext* enc) {
  AVStream* st = avformat_new_stream(ctx_, nullptr);
  if (!st) throw std::bad_alloc();
  if (int rc = avcodec_parameters_from_context(st->codecpar, enc); rc < 0)
    throw_media_error("cannot copy encoder parameters for", path_.string(), rc);
  st->time_base = enc->time_base;
  if (enc->codec_type == AVMEDIA_TYPE_VIDEO) st->sample_aspect_ratio = enc->sample_aspect_ratio;
  return st->index;
}

void Muxer::begin(const std::string& movflags) {
  AVDictionary* opts = nullptr;
  if (!movflags.empty()) av_dict_set(&opts, "movflags", movflags.c_str(), 0);
  ctx_->max_interleave_delta = 0;  // interleave strictly by time (buffers until every stream has a packet)
  int rc = avformat_write_header(ctx_, &opts);
  av_dict_free(&opts);
  if (rc < 0) throw_media_error("cannot write the header of", path_.string(), rc);
  started_ = true;
}

void Muxer::write(AVPacket* pkt, int stream, AVRational tb) {
  std::lock_guard lock(mu_);
  if (!started_ || finished_) throw MediaError("packet written outside begin()/finish() of '" + path_.string() + "'");
  pkt->stream_index = stream;
  av_packet_rescale_ts(pkt, tb, ctx_->streams[stream]->time_base);
  if (int rc = av_interleaved_write_frame(ctx_, pkt); rc < 0) throw_media_error("cannot write a packet to", path_.string(), rc);
}

void Muxer::finish() {
  std::lock_guard lock(mu_);
  if (!started_) throw MediaError("finish() before begin() on '" + path_.string() + "'");
  if (int rc = av_write_trailer(ctx_); rc < 0) throw_media_error("cannot write the trailer of", path_.string(), rc);
  close();
  std::error_code ec;
  std::filesystem::rename(part_, path_, ec);
  if (ec) throw MediaError("cannot rename '" + part_.string() + "' to '" + path_.string() + "': " + ec.message());
  finished_ = true;
}

}  // namespace reelscale::media
