#include "pipeline/asset_guard.hpp"

#include <algorithm>
#include <cmath>

#include "fixity/fixity.hpp"
#include "media/stream_budget.hpp"

namespace reelscale::pipeline {

bool scan_rejects(const ingest::ClamavScanner& scanner, const ingest::InputFile& in, AssetRecord& rec) {
  try {
    const auto sig = scanner.scan(in.fd(), rec.path);
    if (!sig) return false;
    rec.status = AssetStatus::rejected;
    rec.error = "virus signature '" + *sig + "' matched '" + rec.path + "' (--clamav-db): not analysed";
    rec.fixity = fixity::compute_fixity(in.fd(), in.path());
  } catch (const std::exception& e) {
    if (rec.status != AssetStatus::rejected) {
      rec.status = AssetStatus::error;
      rec.error = e.what();
    }
  }
  return true;
}

void clamp_declared_duration(AssetRecord& rec, const ingest::AssetBudget& b) {
  if (rec.frames <= 0 || !std::isfinite(rec.series.pts_s.back())) return;
  const double decoded = rec.series.pts_s.back() + (rec.fps > 0 ? 1.0 / rec.fps : 0.0);
  if (rec.duration_s > b.max_declared_to_decoded * decoded + 60) {
    rec.warnings.push_back("declared duration " + std::to_string(rec.duration_s) + " s replaced by the decoded " +
                           std::to_string(decoded) + " s");
    rec.duration_s = decoded;
  }
}

void judge_audio_only(const AVFormatContext* fmt, const media::FfmpegErrorTally& tally, AssetRecord& rec) {
  const AudioAnalysis& a = rec.audio;
  const double decoded = a.sample_rate > 0 ? double(a.samples) / a.sample_rate : 0;
  const double declared = media::declared_duration_s(fmt);
  const std::string first = !a.warning.empty() ? a.warning : tally.first_message();
  if (a.samples == 0) {
    rec.status = AssetStatus::error;
    rec.error = "no audio could be decoded from '" + rec.path + "'" + (first.empty() ? "" : ": " + first);
  } else if (a.decode_errors > 0 || tally.count() > 0) {
    rec.status = AssetStatus::damaged;
    rec.error = std::to_string(std::max<std::int64_t>(a.decode_errors, tally.count())) +
                " audio demux/decode error(s) in '" + rec.path + "'" + (first.empty() ? "" : "; first: " + first);
  } else if (declared > 0 && decoded < 0.98 * declared - 0.5) {
    rec.status = AssetStatus::damaged;
    rec.error = "decoded " + std::to_string(decoded) + " s of the " + std::to_string(declared) +
                " s of audio declared by the container of '" + rec.path + "' (truncated?)";
  }
  if (declared > 0 && decoded > 0 && declared > 2 * decoded + 60) rec.duration_s = decoded;
}

std::string wall_budget_message(const AssetRecord& rec, const ingest::AssetBudget& b) {
  return "'" + rec.path + "' took longer than the wall-time budget of " + std::to_string(b.wall_s) + " s (wall_s)";
}

}  // namespace reelscale::pipeline
