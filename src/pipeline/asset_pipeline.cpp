#include "pipeline/asset_pipeline.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <future>
#include <limits>
#include <memory>
#include <optional>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include "audio/audio_analyser.hpp"
#include "embed/embedder_spec.hpp"
#include "fixity/fixity.hpp"
#include "ingest/container_check.hpp"
#include "ingest/input_file.hpp"
#include "media/stream_budget.hpp"
#include "media/bgr_frame.hpp"
#include "media/ffmpeg_log.hpp"
#include "media/frame_scaler.hpp"
#include "media/media_file.hpp"
#include "media/probe.hpp"
#include "media/video_decoder.hpp"
#include "pipeline/analyser_stage.hpp"
#include "record/asset_id.hpp"
#include "record/timeline.hpp"
#include "reelscale/kernels/frame_kernels.hpp"
#include "scenes/frame_sampler.hpp"

namespace reelscale::pipeline {
namespace {

namespace k = reelscale::kernels;
constexpr std::size_t kThumbPixels = std::size_t(k::kThumbSide) * k::kThumbSide;

/// One frame in flight through the pipeline.
struct FrameToken {
  media::FramePtr frame = media::make_frame();
  double pts_s = std::numeric_limits<double>::quiet_NaN();
  std::uint64_t phash = 0;
  float laplacian_var = 0;
  k::LumaStats luma;
  std::array<float, k::kHsvBins> hist{};
  std::array<std::uint8_t, kThumbPixels> thumb{};
  scenes::FrameSample sample;  ///< embedding + analysis-image copies (scene stage)
  std::int64_t index = 0;      ///< decoded frame index
  AnalyserMask analysers = 0;  ///< plug-in frame analysers that sample this frame
};

/// The BGR picture of a sampled frame for the plug-in analysers (before the frame is released).
void run_frame_analysers(AnalyserStage& stage, const FrameToken& t) {
  analysis::AnalysisFrame f;
  f.frame = t.index;
  f.pts_s = t.pts_s;
  f.bgr = media::to_bgr(*t.frame, stage.max_side(t.analysers), &f.scale);
  stage.analyse(t.analysers, f);
}

/// Runs every per-frame kernel on the analysis images of one frame.
void measure(const media::FrameScaler& sc, FrameToken& t) {
  t.phash = k::phash64(sc.gray32());
  t.laplacian_var = float(k::laplacian_variance(sc.gray()));
  t.luma = k::luma_stats(sc.gray());
  k::hsv_histogram(sc.bgr(), t.hist);
  k::luma_thumbnail(sc.gray32(), t.thumb);
}

void append(FrameSeries& s, const FrameToken& t) {
  std::span<const float> prev;
  if (s.size() > 0) prev = s.hist(s.size() - 1);
  s.pts_s.push_back(t.pts_s);
  s.phash.push_back(t.phash);
  s.laplacian_var.push_back(t.laplacian_var);
  s.black_fraction.push_back(t.luma.black_fraction);
  s.mean_luma.push_back(t.luma.mean_luma);
  s.content_diff.push_back(prev.empty() ? 0.0f : k::histogram_distance(prev, t.hist));
  s.hsv_hist.insert(s.hsv_hist.end(), t.hist.begin(), t.hist.end());
  s.thumb.insert(s.thumb.end(), t.thumb.begin(), t.thumb.end());
}

/// Bytes the series keeps per decoded frame (FrameSeries columns), for max_memory_bytes.
constexpr std::uint64_t kSeriesBytesPerFrame = sizeof(float) * k::kHsvBins + kThumbPixels + 8 * sizeof(double);

std::string wall_budget_message(const AssetRecord& rec, const PipelineOptions& opts) {
  return "'" + rec.path + "' took longer than the wall-time budget of " + std::to_string(opts.budget.wall_s) +
         " s (wall_s)";
}

/// A declared duration far beyond what was decoded is not believed: nothing
/// downstream (ad-break ladder, ETA) may size itself from it.
void clamp_declared_duration(AssetRecord& rec, const ingest::AssetBudget& b) {
  if (rec.frames <= 0 || !std::isfinite(rec.series.pts_s.back())) return;
  const double decoded = rec.series.pts_s.back() + (rec.fps > 0 ? 1.0 / rec.fps : 0.0);
  if (rec.duration_s > b.max_declared_to_decoded * decoded + 60) {
    rec.warnings.push_back("declared duration " + std::to_string(rec.duration_s) + " s replaced by the decoded " +
                           std::to_string(decoded) + " s");
    rec.duration_s = decoded;
  }
}

/// Status of an audio-only asset: nothing decodable is an error, decode errors or
/// much less audio than the container declares (a truncated file) are damage.
void judge_audio_only(const AVFormatContext* fmt, const media::FfmpegErrorTally& tally, AssetRecord& rec) {
  const AudioAnalysis& a = rec.audio;
  const double decoded = a.sample_rate > 0 ? double(a.samples) / a.sample_rate : 0;
  const double declared = media::declared_duration_s(fmt);
  if (a.samples == 0) {
    rec.status = AssetStatus::error;
    rec.error = "no audio could be decoded from '" + rec.path + "'" + (a.warning.empty() ? "" : ": " + a.warning);
  } else if (a.decode_errors > 0 || tally.count() > 0) {
    rec.status = AssetStatus::damaged;
    rec.error = std::to_string(std::max<std::int64_t>(a.decode_errors, tally.count())) +
                " audio demux/decode error(s) in '" + rec.path + "'" +
                (!a.warning.empty() ? "; first: " + a.warning
                                    : tally.first_message().empty() ? "" : "; first: " + tally.first_message());
  } else if (declared > 0 && decoded < 0.98 * declared - 0.5) {
    rec.status = AssetStatus::damaged;
    rec.error = "decoded " + std::to_string(decoded) + " s of the " + std::to_string(declared) +
                " s of audio declared by the container of '" + rec.path + "' (truncated?)";
  }
  if (declared > 0 && decoded > 0 && declared > 2 * decoded + 60) rec.duration_s = decoded;
}

double stream_fps(const AVStream* st) {
  if (st->avg_frame_rate.num > 0 && st->avg_frame_rate.den > 0) return av_q2d(st->avg_frame_rate);
  if (st->r_frame_rate.num > 0 && st->r_frame_rate.den > 0) return av_q2d(st->r_frame_rate);
  return 0;
}

/// Decodes every frame of the best video stream and fills rec.series.
/// @throws media::MediaError when the file cannot be opened or decoded at all.
void decode_and_measure(const ingest::InputFile& in, const PipelineOptions& opts, AssetRecord& rec,
                        scenes::FrameCandidates& candidates, AnalyserStage& stage) {
  media::FfmpegErrorTally tally;
  media::DemuxPolicy policy = opts.demux;
  policy.wall_budget_s = opts.budget.wall_s;
  media::FormatContextPtr fmt = media::open_media(media::make_fd_source(in.fd()), rec.path, policy);
  rec.tech = media::probe(fmt.get());
  rec.duration_s = rec.tech.duration_s;
  if (auto w = ingest::container_mismatch(in.path().filename().string(), fmt->iformat->name); !w.empty())
    rec.warnings.push_back(w);
  const int vs = media::best_video_stream(fmt.get());
  rec.video_stream = vs;
  // Header values are checked before any of them sizes a decode or an allocation.
  if (auto e = media::check_stream_budget(fmt.get(), vs, rec.path, opts.budget); !e.empty()) throw media::MediaError(e);
  // Audio (issue 6) rides on the same read: the video decoder hands over its other packets.
  // Plug-in audio analysers get the same decode, as mono 16 kHz (AudioAnalyser's tap).
  std::unique_ptr<audio::AudioAnalyser> aud;
  if (opts.analyse_audio || stage.has_audio_analysers() || vs < 0) {
    const int as = audio::best_audio_stream(fmt.get(), vs);
    const int rate = as >= 0 ? fmt->streams[as]->codecpar->sample_rate : 0;
    if (as >= 0 && rate < opts.budget.min_audio_sample_rate) {
      const std::string m = "audio stream " + std::to_string(as) + " of '" + rec.path + "' has a sample rate of " +
                            std::to_string(rate) + " Hz, below the floor of " +
                            std::to_string(opts.budget.min_audio_sample_rate) + " Hz (min_audio_sample_rate)";
      if (vs < 0) throw media::MediaError(m);
      rec.warnings.push_back(m + "; audio not analysed");
    } else if (as >= 0) {
      aud = std::make_unique<audio::AudioAnalyser>(
          fmt.get(), as, rec.path, audio::stream_start_seconds(fmt.get(), vs >= 0 ? vs : as), opts.audio);
      if (stage.has_audio_analysers())
        aud->set_mono16k_tap([&stage](std::span<const float> x, double t0) { stage.consume_audio(x, t0); });
    }
  }
  auto finish_audio = [&] {
    if (!aud) return;
    AudioAnalysis a = aud->finish();
    if (opts.analyse_audio || vs < 0) rec.audio = std::move(a);
  };
  if (vs < 0) {  // audio-only or data: fixity + metadata (+ audio) are the whole record
    if (aud) {
      aud->read_all();
      finish_audio();
      judge_audio_only(fmt.get(), tally, rec);
    }
    if (media::deadline_passed(fmt.get())) throw media::MediaError(wall_budget_message(rec, opts));
    return;
  }

  AVStream* st = fmt->streams[vs];
  rec.fps = stream_fps(st);
  stage.set_fps(rec.fps);
  std::int64_t next_index = 0;
  std::atomic<std::int64_t> decode_ns{0}, measure_ns{0};
  const embed::ImageEmbedder& embedder = opts.embedder ? *opts.embedder : *embed::default_embedder();
  scenes::CandidateCollector collector(rec.fps, opts.sampler, embedder);
  const int concurrency = tbb::this_task_arena::max_concurrency();
  media::VideoDecoder dec(fmt.get(), vs, rec.path, opts.decoder_threads > 0 ? opts.decoder_threads : concurrency);
  if (aud) dec.on_other_packet([&aud](const AVPacket& p) { aud->feed(p); });
  const AVRational tb = dec.time_base();
  const std::int64_t start = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
  const AVRational sar = av_guess_sample_aspect_ratio(fmt.get(), st, nullptr);
  const double rotation = rec.tech.streams[std::size_t(vs)].rotation_deg;

  tbb::enumerable_thread_specific<media::FrameScaler> scalers(
      media::AnalysisGeometry{opts.analysis_width, opts.hist_width});
  const std::size_t tokens = opts.max_tokens > 0 ? std::size_t(opts.max_tokens) : std::size_t(4 * concurrency);

  using Token = std::shared_ptr<FrameToken>;
  const std::uint64_t max_frames = opts.budget.max_memory_bytes / kSeriesBytesPerFrame;
  std::string budget_hit;
  std::uint64_t read_frames = 0;
  tbb::parallel_pipeline(
      tokens, tbb::make_filter<void, Token>(tbb::filter_mode::serial_in_order, [&](tbb::flow_control& fc) -> Token {
                const double c0 = thread_cpu_s();
                auto t = std::make_shared<FrameToken>();
                if (++read_frames > max_frames) {
                  budget_hit = "the per-frame series of '" + rec.path + "' would exceed " +
                               std::to_string(opts.budget.max_memory_bytes) + " bytes (max_memory_bytes)";
                  fc.stop();
                  return nullptr;
                }
                if (!dec.next(t->frame.get())) {
                  if (media::deadline_passed(fmt.get())) budget_hit = wall_budget_message(rec, opts);
                  fc.stop();
                  return nullptr;
                }
                const std::int64_t ts = t->frame->best_effort_timestamp;
                if (ts != AV_NOPTS_VALUE) t->pts_s = record::timeline::pts_seconds(ts, start, tb.num, tb.den);
                t->index = next_index++;
                if (stage.has_frame_analysers()) t->analysers = stage.wants(t->index);
                decode_ns += std::int64_t(1e9 * (thread_cpu_s() - c0));
                return t;
              }) & tbb::make_filter<Token, Token>(tbb::filter_mode::parallel, [&](Token t) {
                const double c0 = thread_cpu_s();
                auto& sc = scalers.local();
                sc.convert(*t->frame, sar, rotation);
                measure(sc, *t);
                if (opts.detect_scenes) scenes::sample_frame(sc.gray(), sc.bgr(), t->sample);
                const double c1 = thread_cpu_s();
                measure_ns += std::int64_t(1e9 * (c1 - c0));
                if (t->analysers) run_frame_analysers(stage, *t);
                t->frame.reset();  // return the decoder's buffer
                return t;
              }) & tbb::make_filter<Token, void>(tbb::filter_mode::serial_in_order, [&](Token t) {
                append(rec.series, *t);
                if (opts.detect_scenes) collector.add(rec.series, t->sample);
              }));
  candidates = collector.finish();
  finish_audio();
  rec.stage_cpu_s["decode"] = 1e-9 * double(decode_ns.load());
  rec.stage_cpu_s["measure"] = 1e-9 * double(measure_ns.load());

  rec.frames = std::int64_t(rec.series.size());
  rec.decode_errors = std::max<std::int64_t>(dec.errors(), tally.count());
  if (rec.duration_s <= 0 && rec.frames > 0 && std::isfinite(rec.series.pts_s.back()))
    rec.duration_s = rec.series.pts_s.back() + (rec.fps > 0 ? 1.0 / rec.fps : 0.0);

  clamp_declared_duration(rec, opts.budget);
  if (!budget_hit.empty()) {
    rec.status = AssetStatus::error;
    rec.error = budget_hit;
    return;
  }
  std::string cause = !dec.first_error().empty() ? dec.first_error() : tally.first_message();
  if (rec.frames == 0) {
    rec.status = AssetStatus::error;
    rec.error =
        "no video frame could be decoded from '" + rec.path + "'" + (cause.empty() ? std::string() : ": " + cause);
    return;
  }
  const std::int64_t declared = st->nb_frames;
  if (declared > 0 && rec.frames < declared && rec.tech.container.find("mp4") != std::string::npos) {
    // MP4/MOV sample tables state the frame count exactly: fewer decoded frames means lost data.
    rec.status = AssetStatus::damaged;
    rec.error = "decoded " + std::to_string(rec.frames) + " of " + std::to_string(declared) +
                " frames declared by the container of '" + rec.path + "'" +
                (cause.empty() ? std::string() : ": " + cause);
  } else if (rec.decode_errors > 0 || dec.read_error()) {
    rec.status = AssetStatus::damaged;
    rec.error = std::to_string(rec.decode_errors) + " decode error(s) in '" + rec.path + "'" +
                (cause.empty() ? std::string() : "; first: " + cause);
  }
}

/// Scans `in` with libclamav: true (status rejected, or error when the scan failed) when the
/// asset must not be analysed. Fixity is still recorded for a rejected asset.
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

}  // namespace

AssetRecord analyse_asset(const std::filesystem::path& file, const PipelineOptions& opts) {
  media::install_ffmpeg_log_handler();
  const auto t0 = std::chrono::steady_clock::now();
  AssetRecord rec;
  rec.path = file.string();
  rec.id = record::asset_id_for_path(rec.path);

  // The input boundary: only a regular file within the size limit is opened (docs/reliability.md).
  std::optional<ingest::InputFile> in;
  try {
    in.emplace(file, opts.budget.max_file_bytes);
  } catch (const ingest::IngestError& e) {
    rec.status = AssetStatus::error;
    rec.error = e.what();
    rec.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return rec;
  }
  if (opts.scanner && scan_rejects(*opts.scanner, *in, rec)) {
    rec.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return rec;
  }
  // Fixity is I/O bound: it reads the file on its own thread while decode runs (pread on the same descriptor).
  auto fixity = std::async(std::launch::async, [&in] { return fixity::compute_fixity(in->fd(), in->path()); });
  scenes::FrameCandidates candidates;  // embeddings/pixels kept for the scene stage
  AnalyserStage stage(opts);
  try {
    decode_and_measure(*in, opts, rec, candidates, stage);
    if (rec.status == AssetStatus::ok)
      if (auto t = ingest::riff_truncation(in->fd(), in->size()); !t.empty()) {
        rec.status = AssetStatus::damaged;
        rec.error = "'" + rec.path + "' is " + t;
      }
  } catch (const media::MediaError& e) {
    rec.status = AssetStatus::error;
    rec.error = e.what();
  }
  // Detection consumes only the per-frame arrays.
  auto timed = [&rec](const char* name, auto&& fn) {
    const double c0 = process_cpu_s();
    fn();
    rec.stage_cpu_s[name] = process_cpu_s() - c0;
  };
  if (opts.detect_shots && rec.series.size() > 0) {
    timed("shots", [&] { rec.shots = shots::analyse_shots(rec.series, rec.fps, opts.shots); });
    if (opts.detect_scenes) {
      timed("scenes", [&] {
        rec.scenes =
            scenes::analyse_scenes(rec.series, rec.shots, rec.fps, std::move(candidates), opts.scenes, &rec.audio);
      });
      if (rec.scenes.embedding_dim > 0)
        rec.scenes.embedder = opts.embedder ? opts.embedder->spec() : record::kDefaultEmbedder;
    }
  }
  // Ad breaks (issue 6) read shots, scenes and audio: keep this after every detection stage.
  if (opts.detect_ad_breaks && rec.series.size() > 0)
    timed("ad_breaks", [&] { rec.ad_breaks = adbreaks::analyse_ad_breaks(rec, opts.ad_breaks); });
  // Plug-in analysers see the complete record (shots, scenes, selected frames).
  stage.finish(rec);
  try {
    rec.fixity = fixity.get();
  } catch (const std::exception& e) {
    rec.status = AssetStatus::error;
    rec.error = e.what();
  }
  rec.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rec;
}

}  // namespace reelscale::pipeline
