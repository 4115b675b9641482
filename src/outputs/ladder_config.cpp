#include "outputs/ladder_config.hpp"

#include <cmath>

#include <spdlog/spdlog.h>

#include "audio/loudness_meter.hpp"
#include "media/loudness_prepass.hpp"

namespace reelscale::outputs {

Loudness measure_stereo_loudness(const std::filesystem::path& file, int audio_stream) {
  audio::LoudnessMeter meter(2, 48000, {}, 10, true);
  std::vector<float> inter;
  media::read_stereo_48k(file, audio_stream, [&](const float* l, const float* r, int n) {
    inter.resize(std::size_t(2 * n));
    for (int i = 0; i < n; ++i) inter[std::size_t(2 * i)] = l[i], inter[std::size_t(2 * i + 1)] = r[i];
    meter.add(inter.data(), std::size_t(n));
  });
  return meter.loudness();
}

std::filesystem::path asset_output_dir(const std::string& asset_id) { return std::filesystem::path("outputs") / asset_id; }

media::LadderConfig make_ladder_config(const OutputsOptions& o, const media::VideoGeometry& g,
                                       const std::filesystem::path& source, const std::filesystem::path& dir,
                                       std::shared_ptr<AudioNormalisation> report) {
  media::LadderConfig cfg;
  const int gop = std::max(1, int(std::lround(o.encoder.gop_s * (g.fps > 0 ? g.fps : 25.0))));
  const bool quarter = g.turns % 2 != 0;  // plan on the upright picture: sides and SAR swapped
  const auto plan = quarter ? plan_ladder(o.rungs, g.height, g.width, g.sar_den, g.sar_num)
                            : plan_ladder(o.rungs, g.width, g.height, g.sar_num, g.sar_den);
  for (const RungPlan& p : plan) {
    media::RungConfig r;
    r.path = dir / ("rendition_" + p.name + ".mp4");
    r.width = p.width, r.height = p.height;
    r.crf = o.encoder.crf, r.bit_rate = p.bit_rate, r.preset = o.encoder.preset, r.gop = gop;
    r.threads = o.encoder.threads;
    r.turns = g.turns;
    cfg.rungs.push_back(r);
  }
  cfg.audio_bit_rate = o.encoder.audio_bit_rate;
  cfg.deinterlace = g.interlaced;
  if (o.normalise_audio && g.audio_stream >= 0) {
    const LoudnessTarget t = o.loudness;
    const int as = g.audio_stream;
    cfg.audio_processor = [t, as, source, report]() -> std::unique_ptr<media::StereoProcessor> {
      try {
        const Loudness m = measure_stereo_loudness(source, as);
        const double gain = normalisation_gain_db(m.integrated_lufs, t);
        if (report) report->measured_lufs = m.integrated_lufs, report->measured_peak_dbtp = m.true_peak_dbtp,
                    report->gain_db = gain, report->applied = true;
        return std::make_unique<LoudnessNormaliser>(gain, t.true_peak_dbtp - t.limiter_margin_db);
      } catch (const std::exception& e) {
        if (report) report->warning = e.what();
        spdlog::warn("outputs: loudness first pass failed, audio not normalised: {}", e.what());
        return nullptr;
      }
    };
  }
  return cfg;
}

}  // namespace reelscale::outputs
