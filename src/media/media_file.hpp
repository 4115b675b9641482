#pragma once
/// @file media_file.hpp
/// Opening a file with libavformat.

#include <filesystem>

#include "media/ffmpeg_ptr.hpp"

namespace reelscale::media {

/// Opens `file` and reads its stream information (avformat_open_input +
/// avformat_find_stream_info). Empty files, text and unknown formats fail here.
/// @throws MediaError naming the file and FFmpeg's error string.
FormatContextPtr open_media(const std::filesystem::path& file);

}  // namespace reelscale::media
