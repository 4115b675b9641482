#include "media/loudness_prepass.hpp"
#include "media/detail/libav.hpp"

#include "media/audio_reader.hpp"
#include "media/media_file.hpp"

namespace reelscale::media {

void read_stereo_48k(const std::filesystem::path& file, int audio_stream, const StereoSink& sink) {
  FormatContextPtr fmt = open_media(file);
  if (audio_stream < 0 || unsigned(audio_stream) >= fmt->nb_streams)
    throw MediaError("no audio stream " + std::to_string(audio_stream) + " in '" + file.string() + "'");
  AudioReader reader(fmt->streams[audio_stream], file.string());
  reader.read_all(fmt.get(), sink);
}

}  // namespace reelscale::media
