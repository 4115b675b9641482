#include "media/demux_policy.hpp"
#include "media/detail/libav.hpp"

namespace reelscale::media {

const std::vector<std::string>& default_media_formats() {
  // Containers and elementary streams libavformat 5.1 demuxes from one file only.
  static const std::vector<std::string> f = {
      "mov", "matroska", "avi", "mpeg", "mpegts", "mpegvideo", "m4v", "flv", "live_flv", "asf", "mxf", "dv",
      "ogg", "wav", "w64", "mp3", "aac", "ac3", "eac3", "flac", "aiff", "caf", "gxf", "nut", "rm", "ivf",
      "h261", "h263", "h264", "hevc", "mjpeg", "yuv4mpegpipe", "amr", "au", "wv", "ape", "tta", "dts",
      "truehd", "mlp", "vc1", "dirac", "avs", "cavsvideo", "lxf", "smjpeg", "wtv", "nsv", "roq", "film_cpk",
      "png_pipe", "jpeg_pipe", "bmp_pipe", "tiff_pipe", "webp_pipe", "gif", "apng",
      // image2 probes single photos by extension; nested opens are refused (media_file.cpp), so it
      // reads only the asset and cannot expand a sequence pattern into other files.
      "image2"};
  return f;
}

std::string join_formats(const std::vector<std::string>& formats) {
  std::string s;
  for (const auto& f : formats) s += (s.empty() ? "" : ",") + f;
  return s;
}

}  // namespace reelscale::media
