#include "pipeline/asset_status.hpp"

namespace reelscale::pipeline {

void classify_status(AssetRecord& rec, const DecodeOutcome& d) {
  rec.decode_errors = d.decode_errors;
  const std::string& cause = d.cause;
  if (rec.frames == 0) {
    rec.status = AssetStatus::error;
    rec.error =
        "no video frame could be decoded from '" + rec.path + "'" + (cause.empty() ? std::string() : ": " + cause);
    return;
  }
  if (d.declared_frames > 0 && rec.frames < d.declared_frames && rec.tech.container.find("mp4") != std::string::npos) {
    // MP4/MOV sample tables state the frame count exactly: fewer decoded frames means lost data.
    rec.status = AssetStatus::damaged;
    rec.error = "decoded " + std::to_string(rec.frames) + " of " + std::to_string(d.declared_frames) +
                " frames declared by the container of '" + rec.path + "'" +
                (cause.empty() ? std::string() : ": " + cause);
  } else if (rec.decode_errors > 0 || d.read_error) {
    rec.status = AssetStatus::damaged;
    rec.error = std::to_string(rec.decode_errors) + " decode error(s) in '" + rec.path + "'" +
                (cause.empty() ? std::string() : "; first: " + cause);
  }
}

}  // namespace reelscale::pipeline
