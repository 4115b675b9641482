#pragma once
/// @file loudness_prepass.hpp
/// First pass of two-pass loudness normalisation: reads only the audio stream
/// (its own open of the file, video packets discarded unread by the decoder),
/// downmixes/resamples it exactly as the renditions' AAC input (48 kHz stereo)
/// and measures it with audio::LoudnessMeter (libebur128, BS.1770-4).

#include <filesystem>

#include "model/audio_analysis.hpp"

namespace reelscale::media {

/// Integrated loudness (LUFS) and true peak (dBTP) of stream `audio_stream` of `file`
/// as 48 kHz stereo. @throws MediaError when the file or decoder cannot open.
Loudness measure_stereo_loudness(const std::filesystem::path& file, int audio_stream);

}  // namespace reelscale::media
