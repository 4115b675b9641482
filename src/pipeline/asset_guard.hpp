#pragma once
/// @file asset_guard.hpp
/// The reliability checks of the per-asset pipeline (docs/reliability.md): virus
/// scan, declared-duration clamp, truthful status of audio-only assets.

#include <string>

#include "ingest/asset_budget.hpp"
#include "ingest/clamav_scanner.hpp"
#include "ingest/input_file.hpp"
#include "media/ffmpeg_log.hpp"
#include "media/ffmpeg_ptr.hpp"
#include "record/asset_record.hpp"

namespace reelscale::pipeline {

/// Scans `in` with libclamav: true when the asset must not be analysed (status
/// `rejected` naming the signature, fixity still recorded; or `error` when the scan failed).
bool scan_rejects(const ingest::ClamavScanner& scanner, const ingest::InputFile& in, AssetRecord& rec);

/// A declared duration over max_declared_to_decoded x decoded + 60 s is replaced by the
/// decoded one (warning): nothing downstream sizes itself from a header value.
void clamp_declared_duration(AssetRecord& rec, const ingest::AssetBudget& b);

/// Status of an audio-only asset from what was decoded: no audio -> error; decode/demux
/// errors (`tally`) or much less audio than declared -> damaged.
void judge_audio_only(const AVFormatContext* fmt, const media::FfmpegErrorTally& tally, AssetRecord& rec);

/// "'<path>' took longer than the wall-time budget of N s (wall_s)".
std::string wall_budget_message(const AssetRecord& rec, const ingest::AssetBudget& b);

}  // namespace reelscale::pipeline
