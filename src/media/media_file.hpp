#pragma once
/// @file media_file.hpp
/// Opening an asset with libavformat behind the demuxer allow-list.

#include <filesystem>
#include <memory>
#include <string>

#include "media/byte_source.hpp"
#include "media/demux_policy.hpp"
#include "media/ffmpeg_ptr.hpp"

namespace reelscale::media {

/// Probes `src` (named `name` in messages; its extension helps probing), checks the
/// demuxer found against `policy.formats`, opens it (format_whitelist,
/// protocol_whitelist "file", nested opens refused unless policy.nested_opens,
/// interrupt after policy.wall_budget_s) and reads the stream information.
/// Empty input, text, unknown and refused formats fail here.
/// @throws MediaError naming the file and the reason (FFmpeg's error string, or
///         "container 'hls' is not on the demuxer allow-list").
FormatContextPtr open_media(std::unique_ptr<ByteSource> src, const std::string& name, const DemuxPolicy& policy = {});

/// open_media() on the file `file`: opened O_NONBLOCK and refused unless it is a
/// regular file (symlinks to one are followed). @throws MediaError.
FormatContextPtr open_media(const std::filesystem::path& file, const DemuxPolicy& policy = {});

/// True when `fmt`'s wall-time deadline (policy.wall_budget_s) has passed.
bool deadline_passed(const AVFormatContext* fmt);

}  // namespace reelscale::media
