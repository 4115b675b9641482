#include "outputs/outputs_spec.hpp"

#include <set>
#include <stdexcept>

namespace reelscale::outputs {

OutputsOptions outputs_options_from_json(const nlohmann::json& j, OutputsOptions o) {
  if (!j.is_object()) throw std::invalid_argument("'outputs' must be an object");
  static const std::set<std::string> known = {"enabled", "rungs", "crf", "preset", "gop_s", "keyframe_at_cuts",
                                              "audio_bit_rate", "loudness_lufs", "true_peak_dbtp", "normalise_audio",
                                              "thumbnails", "thumbnail_width", "poster_width", "image_format",
                                              "preview_s", "threads", "hls", "hls_segment_s", "dash", "dash_segment_s"};
  for (const auto& [k, v] : j.items())
    if (!known.count(k)) throw std::invalid_argument("unknown key 'outputs." + k + "'");
  std::string key;
  try {
    o.enabled = j.value(key = "enabled", true);
    if (j.contains(key = "rungs")) {
      o.rungs.clear();
      for (const auto& r : j["rungs"]) {
        if (r.is_number_integer()) o.rungs.push_back({r.get<int>(), 0});
        else o.rungs.push_back({r.at("height").get<int>(), r.value("bit_rate", 0)});
        if (o.rungs.back().height < 2) throw std::invalid_argument("rung height < 2");
      }
    }
    o.encoder.crf = j.value(key = "crf", o.encoder.crf);
    o.encoder.preset = j.value(key = "preset", o.encoder.preset);
    o.encoder.gop_s = j.value(key = "gop_s", o.encoder.gop_s);
    o.encoder.keyframe_at_cuts = j.value(key = "keyframe_at_cuts", o.encoder.keyframe_at_cuts);
    o.encoder.audio_bit_rate = j.value(key = "audio_bit_rate", o.encoder.audio_bit_rate);
    o.encoder.threads = j.value(key = "threads", o.encoder.threads);
    o.loudness.integrated_lufs = j.value(key = "loudness_lufs", o.loudness.integrated_lufs);
    o.loudness.true_peak_dbtp = j.value(key = "true_peak_dbtp", o.loudness.true_peak_dbtp);
    o.normalise_audio = j.value(key = "normalise_audio", o.normalise_audio);
    o.thumbnails = j.value(key = "thumbnails", o.thumbnails);
    o.thumbnail_width = j.value(key = "thumbnail_width", o.thumbnail_width);
    o.poster_width = j.value(key = "poster_width", o.poster_width);
    o.image_format = j.value(key = "image_format", o.image_format);
    o.preview_s = j.value(key = "preview_s", o.preview_s);
    o.hls = j.value(key = "hls", o.hls);
    o.hls_segment_s = j.value(key = "hls_segment_s", o.hls_segment_s);
    o.dash = j.value(key = "dash", o.dash);
    o.dash_segment_s = j.value(key = "dash_segment_s", o.dash_segment_s);
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument("bad value for 'outputs." + key + "': " + e.what());
  }
  if (o.image_format != "webp" && o.image_format != "jpeg") throw std::invalid_argument("outputs.image_format must be webp or jpeg");
  if (o.encoder.crf < 0 || o.encoder.crf > 51) throw std::invalid_argument("outputs.crf must be 0..51");
  return o;
}

}  // namespace reelscale::outputs
