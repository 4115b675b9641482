#pragma once
/// @file asset_outputs.hpp
/// Glue between the per-asset pipeline and the media outputs: makes each asset's
/// ladder when its file is opened (PipelineOptions::make_ladder) and, after the
/// analysis, finishes the renditions and writes thumbnails and the preview
/// (PipelineOptions::finish_outputs). A failed output is an entry in `errors`,
/// never a lost analysis.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "outputs/output_entry.hpp"
#include "outputs/outputs_options.hpp"
#include "pipeline/pipeline_options.hpp"

namespace reelscale::media {
struct RungResult;
}

namespace reelscale::outputs {

/// What the outputs stage produced for one asset.
struct AssetOutputsResult {
  std::vector<OutputEntry> outputs;
  std::vector<std::string> errors;  ///< one line per failed rendition/image/preview, naming the file
  nlohmann::json to_json() const;   ///< {"outputs": [...], "errors": [...]}
};

/// Shared by every asset of a run (thread-safe).
class OutputsStage {
 public:
  /// @param out_root the run's OUT folder (outputs go to OUT/outputs/<asset id>/)
  OutputsStage(OutputsOptions o, std::filesystem::path out_root);
  /// Sets opts.make_ladder and opts.finish_outputs to `stage` (kept alive by the options).
  static void install(const std::shared_ptr<OutputsStage>& stage, pipeline::PipelineOptions& opts);
  /// The result of asset `id` once finished (also written to OUT/outputs/<id>/outputs.json).
  AssetOutputsResult result(const std::string& id) const;

 private:
  struct AudioReport;
  std::unique_ptr<media::RenditionLadder> make_ladder(const AVFormatContext* fmt, int vs, int as, const AssetRecord& rec);
  void finish(AssetRecord& rec, media::RenditionLadder* ladder);
  /// Rendition entries (and per-rung errors) of the finished ladder into `res`.
  void collect_renditions(const std::vector<media::RungResult>& rungs, const AudioReport* audio, AssetOutputsResult& res) const;
  /// HLS and DASH packaging of the renditions in `res` (when asked for); errors into `res`.
  void package(const AssetRecord& rec, AssetOutputsResult& res) const;
  /// Preview cut from the smallest rendition in `made` (none: nullopt). @throws media::MediaError.
  /// HLS master + media playlists of the renditions in `made`. @throws media::MediaError.
  std::optional<OutputEntry> write_hls_entry(const AssetRecord& rec, const std::vector<OutputEntry>& made) const;
  /// DASH manifest of the renditions in `made`. @throws media::MediaError.
  std::optional<OutputEntry> write_dash_entry(const AssetRecord& rec, const std::vector<OutputEntry>& made) const;
  std::optional<OutputEntry> write_preview_entry(const AssetRecord& rec, const std::vector<OutputEntry>& made) const;

  OutputsOptions opts_;
  std::filesystem::path out_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<AudioReport>> audio_;
  std::map<std::string, AssetOutputsResult> results_;
};

}  // namespace reelscale::outputs
