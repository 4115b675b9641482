#pragma once
/// @file speech_post_merge.hpp
/// Post-merge step of the speech area: one WebVTT caption file per transcribed asset,
/// OUT/captions/<asset id>.vtt, from the catalog's "transcript" tables.

#include <cstddef>
#include <filesystem>

namespace reelscale::speech {

/// Writes OUT/captions/<id>.vtt for every asset of OUT/catalog.h5 with a "transcript"
/// table; returns the number of files written. @throws std::runtime_error on catalog or I/O errors.
std::size_t write_caption_files(const std::filesystem::path& out_dir);

}  // namespace reelscale::speech
