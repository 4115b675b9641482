#include "media/filter_chain.hpp"

#include <cmath>
#include <cstdio>
#include <new>

#include "media/ffmpeg_compat.hpp"
#include "media/ffmpeg_ptr.hpp"

extern "C" {
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
}

namespace reelscale::media {

int upright_quarter_turns(const AVStream* st) {
  double theta = std::fmod(-compat::rotation_degrees(st), 360.0);
  if (theta < 0) theta += 360.0;
  return int(std::lround(theta / 90.0)) % 4;
}

std::string rotation_filter(int turns) {
  switch (((turns % 4) + 4) % 4) {
    case 1:
      return "transpose=clock";
    case 2:
      return "hflip,vflip";
    case 3:
      return "transpose=cclock";
    default:
      return "";
  }
}

FilterChain::FilterChain(std::string desc, std::string file) : desc_(std::move(desc)), file_(std::move(file)) {}

FilterChain::~FilterChain() {
  avfilter_graph_free(&graph_);
  av_frame_free(&out_);
}

void FilterChain::build(const AVFrame& in) {
  graph_ = avfilter_graph_alloc();
  out_ = av_frame_alloc();
  if (!graph_ || !out_) throw std::bad_alloc();
  char args[256];
  std::snprintf(args, sizeof args, "video_size=%dx%d:pix_fmt=%d:time_base=1/90000:pixel_aspect=%d/%d", in.width,
                in.height, in.format, std::max(0, in.sample_aspect_ratio.num), std::max(1, in.sample_aspect_ratio.den));
  int rc = avfilter_graph_create_filter(&src_, avfilter_get_by_name("buffer"), "in", args, nullptr, graph_);
  if (rc >= 0)
    rc = avfilter_graph_create_filter(&sink_, avfilter_get_by_name("buffersink"), "out", nullptr, nullptr, graph_);
  AVFilterInOut* outputs = avfilter_inout_alloc();  // the open output of "in" ...
  AVFilterInOut* inputs = avfilter_inout_alloc();   // ... and the open input of "out"
  if (!outputs || !inputs) rc = AVERROR(ENOMEM);
  if (rc >= 0) {
    outputs->name = av_strdup("in"), outputs->filter_ctx = src_, outputs->pad_idx = 0, outputs->next = nullptr;
    inputs->name = av_strdup("out"), inputs->filter_ctx = sink_, inputs->pad_idx = 0, inputs->next = nullptr;
    rc = avfilter_graph_parse_ptr(graph_, desc_.c_str(), &inputs, &outputs, nullptr);
  }
  avfilter_inout_free(&inputs);
  avfilter_inout_free(&outputs);
  if (rc >= 0) rc = avfilter_graph_config(graph_, nullptr);
  if (rc < 0) throw_media_error("cannot set up the video filter '" + desc_ + "' for", file_, rc);
}

void FilterChain::pull(const FrameSink& sink) {
  for (;;) {
    av_frame_unref(out_);
    const int rc = av_buffersink_get_frame(sink_, out_);
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
    if (rc < 0) throw_media_error("video filter '" + desc_ + "' failed for", file_, rc);
    sink(out_);
  }
}

void FilterChain::push(const AVFrame* in, const FrameSink& sink) {
  if (!graph_) build(*in);
  if (int rc = av_buffersrc_add_frame_flags(src_, const_cast<AVFrame*>(in), AV_BUFFERSRC_FLAG_KEEP_REF); rc < 0)
    throw_media_error("video filter '" + desc_ + "' rejected a frame of", file_, rc);
  pull(sink);
}

void FilterChain::flush(const FrameSink& sink) {
  if (!graph_) return;
  if (int rc = av_buffersrc_add_frame_flags(src_, nullptr, 0); rc < 0)
    throw_media_error("cannot flush the video filter '" + desc_ + "' for", file_, rc);
  pull(sink);
}

}  // namespace reelscale::media
