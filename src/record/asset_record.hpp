#pragma once
/// @file asset_record.hpp
/// The catalog's data model: everything reelscale learns about one asset.
/// Plain data only; no FFmpeg, HDF5, MPI or TBB types.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "record/audio_analysis.hpp"
#include "record/frame_series.hpp"
#include "record/scene_analysis.hpp"
#include "record/shot_analysis.hpp"
#include "record/table.hpp"

namespace reelscale {

/// Outcome of processing one asset.
/// - ok: fully read, every frame decoded (or not a video: fixity + metadata only).
/// - damaged: partly decoded; what was read is kept, with `decode_errors`.
/// - error: nothing usable (empty, not media, unsupported codec, unreadable).
enum class AssetStatus { ok, damaged, error, rejected };

/// "ok" / "damaged" / "error".
const char* to_string(AssetStatus s);
/// Inverse of to_string. @throws std::invalid_argument on an unknown name.
AssetStatus asset_status_from_string(const std::string& s);

/// Fixity of the file's bytes (OpenSSL EVP, one streaming read).
struct Fixity {
  std::uint64_t size = 0;     ///< bytes
  std::int64_t mtime_ns = 0;  ///< modification time, ns since the Unix epoch
  std::string md5;            ///< lower-case hex, 32 chars
  std::string sha256;         ///< lower-case hex, 64 chars
};

/// Technical metadata of one elementary stream (libavformat/libavcodec names).
struct StreamInfo {
  int index = -1;
  std::string type;   ///< "video", "audio", "subtitle", "data", "attachment"
  std::string codec;  ///< avcodec short name, e.g. "h264"
  std::string codec_long;
  std::string profile;        ///< e.g. "High", empty when unknown
  int level = -99;            ///< codec level, -99 when unknown
  std::int64_t bit_rate = 0;  ///< bits/s, 0 when unknown
  std::string time_base;      ///< "num/den"
  double duration_s = 0;      ///< seconds, 0 when unknown
  // video
  int width = 0, height = 0;
  std::string sar, dar;        ///< "num:den"
  std::string avg_frame_rate;  ///< "num/den"
  std::string r_frame_rate;    ///< "num/den"
  std::string field_order;     ///< "progressive", "tt", "bb", "tb", "bt", "unknown"
  std::string pix_fmt;
  int bit_depth = 0;  ///< bits per component
  std::string color_primaries, color_transfer, color_matrix, color_range;
  double rotation_deg = 0;  ///< display-matrix rotation, degrees counter-clockwise
  // audio
  int channels = 0;
  std::string channel_layout;
  int sample_rate = 0;  ///< Hz
  std::string sample_fmt;
};

/// Container-level technical metadata.
struct TechnicalMetadata {
  std::string container;  ///< libavformat short name(s), e.g. "mov,mp4,m4a,3gp,3g2,mj2"
  std::string container_long;
  double duration_s = 0;      ///< seconds, 0 when unknown
  std::int64_t bit_rate = 0;  ///< bits/s, 0 when unknown
  std::string timecode;       ///< SMPTE timecode "hh:mm:ss:ff" when present
  std::vector<StreamInfo> streams;
};

/// Everything known about one asset.
struct AssetRecord {
  std::string id;    ///< stable id: first 16 hex chars of SHA-256 of `path`
  std::string path;  ///< as walked (absolute, symlinks resolved once)
  Fixity fixity;
  TechnicalMetadata tech;
  AssetStatus status = AssetStatus::ok;
  std::string error;               ///< empty when ok; names the cause and FFmpeg's error string
  int video_stream = -1;           ///< index of the analysed video stream, -1 if none
  int analysis_width = 0;          ///< px width of the grey analysis image the frame series, pHash, thumbnails and
                                   ///< embeddings were measured on (`--analysis-width`); 0 = not recorded (read as 256)
  std::int64_t frames = 0;         ///< decoded video frames
  std::int64_t decode_errors = 0;  ///< packets/frames the decoder rejected
  double fps = 0;                  ///< frames per second of the analysed stream (avg_frame_rate)
  double duration_s = 0;           ///< seconds of media (container duration, else last PTS)
  double wall_s = 0;               ///< wall time spent on this asset, seconds
  FrameSeries series;              ///< one row per decoded frame
  ShotAnalysis shots;              ///< shot boundaries, cues, selected frames
  SceneAnalysis scenes;            ///< scenes and embeddings
  AudioAnalysis audio;             ///< loudness and silences
  AdBreaks ad_breaks;              ///< insertion points and commercial breaks

  // ---- plug-in analysers (src/analysis/): filled by the pipeline from AnalysisResult ----
  /// Sidecar members by key (FrameAnalyser/AudioAnalyser::key(), e.g. "faces"): written
  /// as top-level members of the sidecar, read back from it.
  std::map<std::string, nlohmann::json> sections;
  /// Per-asset tables, stored under /assets/<id>/<table.name>/ in the catalog.
  std::vector<record::Table> tables;
  /// Analysers that did not run: key -> why (e.g. "model absent"); sidecar "skipped".
  std::map<std::string, std::string> skipped;
  /// Non-fatal problems (e.g. an analyser threw on a frame); sidecar "warnings".
  std::vector<std::string> warnings;
  /// CPU seconds per stage ("decode", "measure", "shots", "scenes", "ad_breaks", and
  /// each analyser's key); sidecar "stage_cpu_s". Timings: not part of the catalog.
  std::map<std::string, double> stage_cpu_s;
};

}  // namespace reelscale
