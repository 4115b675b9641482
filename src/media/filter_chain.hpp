#pragma once
/// @file filter_chain.hpp
/// A one-input, one-output libavfilter graph for video frames (e.g. "yadif=...",
/// "transpose=clock", "hflip,vflip"), built on the first frame's size and pixel format.
/// Also the quarter-turn logic of ffmpeg's autorotate (fftools/ffmpeg_filter.c).

#include <functional>
#include <string>

struct AVFrame;
struct AVFilterGraph;
struct AVFilterContext;
struct AVStream;

namespace reelscale::media {

/// Clockwise quarter turns (0..3) that make a stream upright, as ffmpeg's autorotate:
/// theta = -av_display_rotation_get(display matrix), rounded to a multiple of 90.
int upright_quarter_turns(const AVStream* st);
/// The filter description ffmpeg's autorotate inserts for `turns`: "" (0),
/// "transpose=clock" (1), "hflip,vflip" (2), "transpose=cclock" (3).
std::string rotation_filter(int turns);

/// Filters frames through `desc`. Not thread-safe; one per thread.
class FilterChain {
 public:
  using FrameSink = std::function<void(AVFrame*)>;
  /// @param file source file, named in error messages
  FilterChain(std::string desc, std::string file);
  ~FilterChain();
  FilterChain(const FilterChain&) = delete;
  FilterChain& operator=(const FilterChain&) = delete;

  /// Filters `in` (kept by the caller; pts kept) and hands every output frame to `sink`
  /// (valid during the call). The graph is built on the first frame. @throws MediaError.
  void push(const AVFrame* in, const FrameSink& sink);
  /// Drains the graph at the end of the stream. @throws MediaError.
  void flush(const FrameSink& sink);

 private:
  void build(const AVFrame& in);
  void pull(const FrameSink& sink);
  std::string desc_, file_;
  AVFilterGraph* graph_ = nullptr;
  AVFilterContext *src_ = nullptr, *sink_ = nullptr;
  AVFrame* out_ = nullptr;
};

}  // namespace reelscale::media
