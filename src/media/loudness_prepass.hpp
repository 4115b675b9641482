#pragma once
/// @file loudness_prepass.hpp
/// First pass of two-pass loudness normalisation: reads only the audio stream
/// (its own open of the file; video packets are discarded unread by the decoder)
/// and delivers it downmixed/resampled exactly as the renditions' AAC input
/// (48 kHz stereo planar float). FFmpeg-free header: the caller measures.

#include <filesystem>

#include "media/stereo_processor.hpp"

namespace reelscale::media {

/// Decodes stream `audio_stream` of `file` to 48 kHz stereo and hands every block to `sink`.
/// @throws MediaError when the file or decoder cannot open.
void read_stereo_48k(const std::filesystem::path& file, int audio_stream, const StereoSink& sink);

}  // namespace reelscale::media
