#pragma once
/// @file asset_status.hpp
/// Status classification of a decoded asset: ok, damaged (what was read is kept) or
/// error (nothing usable), with the cause in FFmpeg's words (docs/catalog.md).

#include <cstdint>
#include <string>

#include "record/asset_record.hpp"

namespace reelscale::pipeline {

/// What the decoder reported for one asset's video stream.
struct DecodeOutcome {
  std::int64_t declared_frames = 0;  ///< the container's frame count (0 when unknown)
  std::int64_t decode_errors = 0;    ///< rejected packets, corrupt frames or FFmpeg error messages
  bool read_error = false;           ///< demuxing stopped on an error rather than end of file
  std::string cause;                 ///< first error text, empty when none
};

/// Sets rec.decode_errors, rec.status and rec.error from `d` and rec.frames:
/// - no frame decoded: error;
/// - MP4/MOV with fewer frames than its sample table states: damaged;
/// - any decode error or a read error: damaged; otherwise unchanged (ok).
void classify_status(AssetRecord& rec, const DecodeOutcome& d);

}  // namespace reelscale::pipeline
