#pragma once
/// @file ladder_config.hpp
/// From OutputsOptions and the source geometry to the media layer's LadderConfig
/// (paths under OUT/outputs/<asset id>/, loudness first pass + normaliser).

#include <cmath>
#include <filesystem>
#include <memory>
#include <string>

#include "media/ladder_reader.hpp"
#include "media/rendition_ladder.hpp"
#include "outputs/outputs_options.hpp"
#include "record/audio_analysis.hpp"

namespace reelscale::outputs {

/// What the loudness first pass found and did (filled on the audio thread; read after
/// RenditionLadder::finish()).
struct AudioNormalisation {
  double measured_lufs = NAN;     ///< integrated loudness of the 48 kHz stereo downmix
  double measured_peak_dbtp = NAN;
  double gain_db = 0;             ///< applied constant gain
  bool applied = false;
  std::string warning;            ///< why it was not applied
};

/// Integrated loudness (LUFS) and true peak (dBTP) of stream `audio_stream` of `file` as
/// 48 kHz stereo (the AAC input), by audio::LoudnessMeter (libebur128, BS.1770-4).
/// @throws media::MediaError when the file or decoder cannot open.
Loudness measure_stereo_loudness(const std::filesystem::path& file, int audio_stream);

/// Folder of an asset's outputs relative to OUT: "outputs/<asset id>".
std::filesystem::path asset_output_dir(const std::string& asset_id);

/// The ladder for one source. `dir` is the absolute output folder of the asset.
/// The audio processor measures the stereo downmix of `source`'s audio stream
/// (first pass, measure_stereo_loudness) on the audio thread, then
/// normalises (LoudnessNormaliser); a failed first pass leaves the audio unchanged.
media::LadderConfig make_ladder_config(const OutputsOptions& o, const media::VideoGeometry& g,
                                       const std::filesystem::path& source, const std::filesystem::path& dir,
                                       std::shared_ptr<AudioNormalisation> report = nullptr);

}  // namespace reelscale::outputs
