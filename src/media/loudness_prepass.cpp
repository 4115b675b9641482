#include "media/loudness_prepass.hpp"

#include <vector>

#include "audio/loudness_meter.hpp"
#include "media/audio_reader.hpp"
#include "media/media_file.hpp"

namespace reelscale::media {

Loudness measure_stereo_loudness(const std::filesystem::path& file, int audio_stream) {
  FormatContextPtr fmt = open_media(file);
  if (audio_stream < 0 || unsigned(audio_stream) >= fmt->nb_streams)
    throw MediaError("no audio stream " + std::to_string(audio_stream) + " in '" + file.string() + "'");
  AudioReader reader(fmt->streams[audio_stream], file.string());
  audio::LoudnessMeter meter(2, AudioReader::kRate, {}, 10, true);
  std::vector<float> inter;
  reader.read_all(fmt.get(), [&](const float* l, const float* r, int n) {
    inter.resize(std::size_t(2 * n));
    for (int i = 0; i < n; ++i) inter[2 * i] = l[i], inter[2 * i + 1] = r[i];
    meter.add(inter.data(), std::size_t(n));
  });
  return meter.loudness();
}

}  // namespace reelscale::media
