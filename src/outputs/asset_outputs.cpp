#include "outputs/asset_outputs.hpp"

#include <algorithm>
#include <fstream>
#include <future>
#include <utility>

#include <spdlog/spdlog.h>

#include "media/ladder_reader.hpp"
#include "media/rendition_ladder.hpp"
#include "media/dash_packager.hpp"
#include "media/hls_packager.hpp"
#include "media/preview_writer.hpp"
#include "outputs/ladder_config.hpp"
#include "outputs/preview_plan.hpp"
#include "outputs/thumbnails.hpp"

namespace reelscale::outputs {

struct OutputsStage::AudioReport : AudioNormalisation {};

nlohmann::json AssetOutputsResult::to_json() const { return {{"outputs", outputs_to_json(outputs)}, {"errors", errors}}; }

OutputsStage::OutputsStage(OutputsOptions o, std::filesystem::path out_root) : opts_(std::move(o)), out_(std::move(out_root)) {}

void OutputsStage::install(const std::shared_ptr<OutputsStage>& stage, pipeline::PipelineOptions& opts) {
  opts.make_ladder = [stage](const AVFormatContext* fmt, int vs, int as, const AssetRecord& rec) {
    return stage->make_ladder(fmt, vs, as, rec);
  };
  if (!stage->opts_.encoder.keyframe_at_cuts) opts.cut_keyframe_diff = 2.0f;  // content_diff <= 1: never
  opts.finish_outputs = [stage](AssetRecord& rec, media::RenditionLadder* ladder) { stage->finish(rec, ladder); };
}

std::unique_ptr<media::RenditionLadder> OutputsStage::make_ladder(const AVFormatContext* fmt, int vs, int as,
                                                                  const AssetRecord& rec) {
  const media::VideoGeometry g = media::video_geometry(fmt, vs, as);
  auto report = std::make_shared<AudioReport>();
  {
    std::lock_guard lk(mu_);
    audio_[rec.id] = report;
  }
  std::shared_ptr<AudioNormalisation> base(report, report.get());
  auto ladder = std::make_unique<media::RenditionLadder>(
      make_ladder_config(opts_, g, rec.path, out_ / asset_output_dir(rec.id), base), rec.path);
  ladder->begin(fmt, vs, as);
  return ladder;
}

std::optional<OutputEntry> OutputsStage::write_preview_entry(const AssetRecord& rec, const std::vector<OutputEntry>& made) const {
  const OutputEntry* proxy = nullptr;  // the smallest rendition
  for (const auto& e : made)
    if (e.kind == "rendition" && (!proxy || e.height < proxy->height)) proxy = &e;
  if (!proxy || opts_.preview_s <= 0) return std::nullopt;
  const std::vector<PreviewClip> plan = plan_preview(rec, opts_.preview_s);
  if (plan.empty()) return std::nullopt;
  std::vector<media::ClipSpan> spans;
  for (const auto& c : plan) spans.push_back({c.start_s, c.end_s});
  const auto path = out_ / asset_output_dir(rec.id) / "preview.mp4";
  const media::PreviewResult r = media::write_preview(out_ / proxy->path, spans, path, opts_.encoder.crf, opts_.encoder.preset);
  OutputEntry e;
  e.kind = "preview";
  e.path = std::filesystem::relative(path, out_).generic_string();
  e.width = r.width, e.height = r.height, e.duration_s = r.duration_s, e.format = "mp4";
  e.bit_rate = r.duration_s > 0 ? 8.0 * double(r.bytes) / r.duration_s : 0;
  return e;
}

std::optional<OutputEntry> OutputsStage::write_hls_entry(const AssetRecord& rec, const std::vector<OutputEntry>& made) const {
  std::vector<media::HlsVariant> vars;
  OutputEntry e;
  for (const auto& r : made) {
    if (r.kind != "rendition") continue;
    vars.push_back({out_ / r.path, std::to_string(r.height) + "p", r.width, r.height, r.bit_rate});
    if (r.height > e.height) e.width = r.width, e.height = r.height, e.duration_s = r.duration_s, e.bit_rate = r.bit_rate;
  }
  if (vars.empty()) return std::nullopt;
  const auto master = media::write_hls(vars, out_ / asset_output_dir(rec.id) / "hls", opts_.hls_segment_s);
  e.kind = "hls";
  e.path = std::filesystem::relative(master, out_).generic_string();
  e.format = "m3u8";
  return e;
}

std::optional<OutputEntry> OutputsStage::write_dash_entry(const AssetRecord& rec, const std::vector<OutputEntry>& made) const {
  std::vector<const OutputEntry*> rungs;
  for (const auto& r : made)
    if (r.kind == "rendition") rungs.push_back(&r);
  if (rungs.empty()) return std::nullopt;
  std::sort(rungs.begin(), rungs.end(), [](auto* a, auto* b) { return a->height > b->height; });
  std::vector<media::DashVariant> vars;
  for (const auto* r : rungs) vars.push_back({out_ / r->path});
  const auto mpd = media::write_dash(vars, out_ / asset_output_dir(rec.id) / "dash", opts_.dash_segment_s);
  OutputEntry e;
  e.kind = "dash";
  e.path = std::filesystem::relative(mpd, out_).generic_string();
  e.width = rungs[0]->width, e.height = rungs[0]->height, e.duration_s = rungs[0]->duration_s, e.bit_rate = rungs[0]->bit_rate;
  e.format = "mpd";
  return e;
}

void OutputsStage::collect_renditions(const std::vector<media::RungResult>& rungs, const AudioReport* audio,
                                      AssetOutputsResult& res) const {
  for (const media::RungResult& r : rungs) {
    if (!r.error.empty()) {
      res.errors.push_back("rendition " + r.path.filename().string() + ": " + r.error);
      continue;
    }
    OutputEntry e;
    e.kind = "rendition";
    e.path = std::filesystem::relative(r.path, out_).generic_string();
    e.width = r.width, e.height = r.height, e.bit_rate = r.bit_rate, e.duration_s = r.duration_s;
    e.format = "mp4";
    if (audio && audio->applied) e.loudness_lufs = audio->measured_lufs + audio->gain_db;
    res.outputs.push_back(e);
  }
}

void OutputsStage::package(const AssetRecord& rec, AssetOutputsResult& res) const {
  if (opts_.hls) {
    try {
      if (auto h = write_hls_entry(rec, res.outputs)) res.outputs.push_back(*h);
    } catch (const std::exception& e) {
      res.errors.push_back(std::string("hls: ") + e.what());
    }
  }
  if (opts_.dash) {
    try {
      if (auto d = write_dash_entry(rec, res.outputs)) res.outputs.push_back(*d);
    } catch (const std::exception& e) {
      res.errors.push_back(std::string("dash: ") + e.what());
    }
  }
}

void OutputsStage::finish(AssetRecord& rec, media::RenditionLadder* ladder) {
  AssetOutputsResult res;
  std::shared_ptr<AudioReport> audio;
  {
    std::lock_guard lk(mu_);
    if (auto it = audio_.find(rec.id); it != audio_.end()) audio = it->second, audio_.erase(it);
  }
  try {
    if (ladder) collect_renditions(ladder->finish(), audio.get(), res);
    const bool images = rec.series.size() > 0 && rec.status != AssetStatus::error;
    // Thumbnails (seek, decode, WebP) on their own thread while packaging and the preview
    // run on this one: the tail after the ladder keeps both cores busy.
    std::future<std::pair<std::vector<OutputEntry>, std::string>> thumbs;
    if (images)
      thumbs = std::async(std::launch::async, [this, &rec, made = res.outputs] {
        std::string err;
        auto t = write_thumbnails(rec, out_, opts_, &err, made);
        return std::make_pair(std::move(t), std::move(err));
      });
    if (ladder) {
      package(rec, res);
      if (audio && !audio->warning.empty()) res.errors.push_back("audio not normalised: " + audio->warning);
    }
    if (images) {
      try {
        if (auto p = write_preview_entry(rec, res.outputs)) res.outputs.push_back(*p);
      } catch (const std::exception& e) {
        res.errors.push_back(std::string("preview: ") + e.what());
      }
      auto [t, err] = thumbs.get();
      res.outputs.insert(res.outputs.end(), t.begin(), t.end());
      if (!err.empty()) res.errors.push_back("thumbnail: " + err);
    }
  } catch (const std::exception& e) {
    res.errors.push_back(e.what());
  }
  for (const auto& e : res.errors) {
    spdlog::warn("outputs of '{}': {}", rec.path, e);
    rec.warnings.push_back("outputs: " + e);
  }
  rec.sections["outputs"] = outputs_to_json(res.outputs);  // sidecar member "outputs"
  if (!res.outputs.empty()) rec.tables.push_back(outputs_table(res.outputs));  // catalog /assets/<id>/outputs
  try {
    const auto dir = out_ / asset_output_dir(rec.id);
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "outputs.json") << res.to_json().dump(1) << "\n";
  } catch (const std::exception& e) {
    spdlog::warn("outputs of '{}': cannot write outputs.json: {}", rec.path, e.what());
  }
  std::lock_guard lk(mu_);
  results_[rec.id] = std::move(res);
}

AssetOutputsResult OutputsStage::result(const std::string& id) const {
  std::lock_guard lk(mu_);
  auto it = results_.find(id);
  return it == results_.end() ? AssetOutputsResult{} : it->second;
}

}  // namespace reelscale::outputs
