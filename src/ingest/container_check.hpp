#pragma once
/// @file container_check.hpp
/// Ingest validation (Media Processing Service spec): the container found by
/// probing against the one the file's extension promises.

#include <cstdint>
#include <string>

namespace reelscale::ingest {

/// A warning when the extension of `file_name` names a known media container and
/// `container` (libavformat demuxer short names, comma-separated, e.g.
/// "mov,mp4,m4a,3gp,3g2,mj2") is not one of the demuxers that read it; empty when
/// they agree or the extension is unknown/absent. Case-insensitive.
/// Example: "clip.mp4" probed as "mpegts" -> "extension '.mp4' does not match the
/// container found by probing (mpegts)".
std::string container_mismatch(const std::string& file_name, const std::string& container);

}  // namespace reelscale::ingest

namespace reelscale::ingest {

/// Reads the first 12 bytes of the open file `fd` (pread): when it is a RIFF file
/// (WAV, AVI) whose RIFF chunk size says it is longer than `file_size` bytes, a
/// message saying how many bytes are missing; else empty. Sizes 0 and 0xFFFFFFFF
/// (streaming writers, RF64) are not judged. Catches truncated WAVs, whose
/// duration FFmpeg silently re-estimates from the file size.
std::string riff_truncation(int fd, std::uint64_t file_size);

}  // namespace reelscale::ingest
