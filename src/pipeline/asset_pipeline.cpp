#include "pipeline/asset_pipeline.hpp"

#include <chrono>
#include <cmath>
#include <future>
#include <memory>
#include <optional>

#include <spdlog/spdlog.h>
#include <tbb/task_arena.h>

#include "audio/audio_analyser.hpp"
#include "embed/embedder_spec.hpp"
#include "fixity/fixity.hpp"
#include "ingest/container_check.hpp"
#include "ingest/input_file.hpp"
#include "ingest/memory_budget.hpp"
#include "media/audio_block_reader.hpp"
#include "media/stream_budget.hpp"
#include "pipeline/asset_guard.hpp"
#include "media/ffmpeg_log.hpp"
#include "media/media_file.hpp"
#include "media/probe.hpp"
#include "media/rendition_ladder.hpp"
#include "media/stream_info.hpp"
#include "pipeline/asset_status.hpp"
#include "pipeline/frame_stages.hpp"
#include "record/asset_id.hpp"

namespace reelscale::pipeline {
namespace {

/// The audio of the asset (issue 6) rides on the same read: the video decoder hands
/// over its other packets. Plug-in audio analysers get the same decode as mono 16 kHz.
std::unique_ptr<audio::AudioAnalyser> open_audio(AVFormatContext* fmt, int vs, const PipelineOptions& opts,
                                                 AnalyserStage& stage, const std::string& path) {
  if (!opts.analyse_audio && !stage.has_audio_analysers() && vs >= 0) return nullptr;
  const int as = media::best_audio_stream(fmt, vs);
  if (as < 0) return nullptr;
  if (const int rate = media::sample_rate(fmt, as); rate < opts.budget.min_audio_sample_rate) {
    const std::string m = "audio stream " + std::to_string(as) + " of '" + path + "' has a sample rate of " +
                          std::to_string(rate) + " Hz, below the floor of " +
                          std::to_string(opts.budget.min_audio_sample_rate) + " Hz (min_audio_sample_rate)";
    if (vs < 0) throw media::MediaError(m);
    spdlog::warn("{}; audio not analysed", m);
    return nullptr;
  }
  auto aud = std::make_unique<audio::AudioAnalyser>(fmt, as, path, media::stream_start_seconds(fmt, vs >= 0 ? vs : as),
                                                    opts.audio);
  if (stage.has_audio_analysers())
    aud->set_mono16k_tap([&stage](std::span<const float> x, double t0) { stage.consume_audio(x, t0); });
  // With video, audio is decoded and measured on its own thread, off the decode stage's critical path.
  if (vs >= 0) aud->start_thread();
  return aud;
}

/// Runs the decode -> measure -> collect pipeline over video stream `vs` and fills
/// rec.series, rec.fps and the scene candidates; returns what the decoder reported.
DecodeOutcome run_frame_pipeline(AVFormatContext* fmt, int vs, const PipelineOptions& opts, AssetRecord& rec,
                                 scenes::FrameCandidates& candidates, AnalyserStage& stage, audio::AudioAnalyser* aud,
                                 std::unique_ptr<media::RenditionLadder>& ladder) {
  const media::VideoStreamInfo st = media::video_stream_info(fmt, vs);
  rec.fps = st.fps;
  stage.set_fps(rec.fps);
  const embed::ImageEmbedder& embedder = opts.embedder ? *opts.embedder : *embed::default_embedder();
  scenes::CandidateCollector collector(rec.fps, opts.sampler, embedder);
  const int concurrency = tbb::this_task_arena::max_concurrency();
  // `--decode fast`: lowres keeps at least 60 % of the analysis width (720 and 640 px SD decode at
  // 1/4 size, 180 and 160 px). Measured on the dev corpus: 1/2 size (360 px, fully >= 256) saved no
  // CPU, since the larger analysis images cost what the decode saved; shot F1 unchanged (bench/README.md).
  const int reduced_width = opts.fast_decode && !opts.make_ladder ? int(std::lround(0.6 * opts.analysis_width)) : 0;
  media::VideoDecoder dec(fmt, vs, rec.path, opts.decoder_threads > 0 ? opts.decoder_threads : concurrency,
                          reduced_width);
  if (!dec.reduction().empty()) spdlog::debug("'{}': reduced decoding ({})", rec.path, dec.reduction());
  if (opts.make_ladder) ladder = opts.make_ladder(fmt, vs, media::best_audio_stream(fmt, vs), rec);
  media::RenditionLadder* lad = ladder.get();  // media outputs (issue 14) ride on the same read
  if (aud || lad)
    dec.on_other_packet([aud, lad](const media::Packet& p) {
      if (aud) aud->feed(p);
      if (lad) lad->push_audio(p);
    });
  const media::Rational tb = dec.time_base();
  DecodeState ds{dec, stage, st.start_pts, tb.num, tb.den};
  tbb::enumerable_thread_specific<media::FrameScaler> scalers(
      media::AnalysisGeometry{opts.analysis_width, opts.hist_width});
  MeasureState ms{opts, stage, scalers, st.sar,
                  rec.tech.streams[std::size_t(vs)].rotation_deg};
  ms.keep_frame = lad != nullptr;
  const CollectStage collect(rec.series, opts.detect_scenes ? &collector : nullptr);
  FrameSeries& series = rec.series;
  const float cut = opts.cut_keyframe_diff;
  const std::size_t tokens = opts.max_tokens > 0 ? std::size_t(opts.max_tokens) : std::size_t(4 * concurrency);
  // max_memory_bytes (docs/reliability.md): the process's growth since this asset began,
  // read every 64 frames in the serial stage; over it, the pipeline is cancelled and the
  // MediaError makes the asset an `error` naming the budget.
  const ingest::MemoryWatch memory(opts.budget.max_memory_bytes);
  std::string over_budget;  // set once by the serial sink; thrown after the pipeline drained
  tbb::parallel_pipeline(
      tokens, tbb::make_filter<void, Token>(tbb::filter_mode::serial_in_order, DecodeStage(ds)) &
                  tbb::make_filter<Token, Token>(tbb::filter_mode::parallel, MeasureStage(ms)) &
                  tbb::make_filter<Token, void>(tbb::filter_mode::serial_in_order, [&](Token t) {
                    if (!over_budget.empty()) return;  // draining: the source has stopped
                    if ((series.size() & 63) == 63)
                      if (auto e = memory.check(rec.path); !e.empty()) {
                        over_budget = std::move(e);
                        ds.stop = true;
                        return;
                      }
                    collect(t);
                    if (lad) {  // frames to the renditions in order, IDR at the online cut cue
                      lad->push_video(*t->frame, series.content_diff.back() >= cut);
                      t->frame.release();
                    }
                  }));
  if (!over_budget.empty()) throw media::MediaError(over_budget);
  candidates = collector.finish();
  rec.stage_cpu_s["decode"] = 1e-9 * double(ds.cpu_ns.load());
  rec.stage_cpu_s["measure"] = 1e-9 * double(ms.cpu_ns.load());
  DecodeOutcome d;
  d.declared_frames = st.declared_frames;
  d.decode_errors = dec.errors();
  d.read_error = dec.read_error();
  d.cause = dec.first_error();
  return d;
}

/// Opens the file, reads its metadata, decodes every frame of the best video stream
/// (and the audio on the same read) and classifies the status.
/// @throws media::MediaError when the file cannot be opened or decoded at all.
void decode_and_measure(const ingest::InputFile& in, const PipelineOptions& opts, AssetRecord& rec,
                        scenes::FrameCandidates& candidates, AnalyserStage& stage,
                        std::unique_ptr<media::RenditionLadder>& ladder) {
  media::FfmpegErrorTally tally;
  media::DemuxPolicy policy = opts.demux;
  policy.wall_budget_s = opts.budget.wall_s;
  media::FormatContextPtr fmt = media::open_media(media::make_fd_source(in.fd()), rec.path, policy);
  rec.tech = media::probe(fmt.get());
  rec.duration_s = rec.tech.duration_s;
  if (auto w = ingest::container_mismatch(in.path().filename().string(), media::container_name(fmt.get())); !w.empty())
    rec.warnings.push_back(w);
  const int vs = media::best_video_stream(fmt.get());
  rec.video_stream = vs;
  // Header values are checked before any of them sizes a decode or an allocation.
  if (auto e = media::check_stream_budget(fmt.get(), vs, rec.path, opts.budget); !e.empty()) throw media::MediaError(e);
  std::unique_ptr<audio::AudioAnalyser> aud = open_audio(fmt.get(), vs, opts, stage, rec.path);
  auto finish_audio = [&] {
    if (!aud) return;
    AudioAnalysis a = aud->finish();
    if (aud->thread_cpu_s() > 0) rec.stage_cpu_s["audio"] = aud->thread_cpu_s();
    if (opts.analyse_audio || vs < 0) rec.audio = std::move(a);
  };
  if (vs < 0) {  // audio-only or data: fixity + metadata (+ audio) are the whole record
    if (aud) {
      aud->read_all();
      finish_audio();
      judge_audio_only(fmt.get(), tally, rec);
    }
    if (media::deadline_passed(fmt.get())) throw media::MediaError(wall_budget_message(rec, opts.budget));
    return;
  }
  DecodeOutcome d = run_frame_pipeline(fmt.get(), vs, opts, rec, candidates, stage, aud.get(), ladder);
  finish_audio();
  rec.frames = std::int64_t(rec.series.size());
  d.decode_errors = std::max<std::int64_t>(d.decode_errors, tally.count());
  if (d.cause.empty()) d.cause = tally.first_message();
  if (rec.duration_s <= 0 && rec.frames > 0 && std::isfinite(rec.series.pts_s.back()))
    rec.duration_s = rec.series.pts_s.back() + (rec.fps > 0 ? 1.0 / rec.fps : 0.0);
  classify_status(rec, d);
  clamp_declared_duration(rec, opts.budget);
  if (media::deadline_passed(fmt.get())) {
    rec.status = AssetStatus::error;
    rec.error = wall_budget_message(rec, opts.budget);
  }
}

/// Shots, scenes and ad breaks: they consume only the per-frame arrays (and audio).
void detect(const PipelineOptions& opts, AssetRecord& rec, scenes::FrameCandidates&& candidates) {
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
    return rec;
  }
  if (opts.scanner && scan_rejects(*opts.scanner, *in, rec)) return rec;
  // Fixity is I/O bound: it reads the file on its own thread while decode runs (pread on the same descriptor).
  double fixity_cpu_s = 0;
  auto fixity = std::async(std::launch::async, [&in, &fixity_cpu_s] {
    auto f = fixity::compute_fixity(in->fd(), in->path());
    fixity_cpu_s = thread_cpu_s();  // this thread's whole life: the fixity read and hashes
    return f;
  });
  scenes::FrameCandidates candidates;  // embeddings/pixels kept for the scene stage
  AnalyserStage stage(opts);
  std::unique_ptr<media::RenditionLadder> ladder;  // media outputs (issue 14), finished by opts.finish_outputs
  try {
    decode_and_measure(*in, opts, rec, candidates, stage, ladder);
    if (rec.status == AssetStatus::ok)
      if (auto t = ingest::riff_truncation(in->fd(), in->size()); !t.empty()) {
        rec.status = AssetStatus::damaged;
        rec.error = "'" + rec.path + "' is " + t;
      }
  } catch (const media::MediaError& e) {
    rec.status = AssetStatus::error;
    rec.error = e.what();
  }
  detect(opts, rec, std::move(candidates));
  try {
    rec.fixity = fixity.get();
    rec.stage_cpu_s["fixity"] = fixity_cpu_s;
  } catch (const std::exception& e) {
    rec.status = AssetStatus::error;
    rec.error = e.what();
  }
  // Plug-in analysers see the complete record (fixity, shots, scenes, selected frames).
  stage.finish(rec);
  if (opts.finish_outputs) {
    const double c0 = process_cpu_s();
    opts.finish_outputs(rec, ladder.get());
    rec.stage_cpu_s["outputs"] = process_cpu_s() - c0;
  }
  ladder.reset();
  rec.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rec;
}

}  // namespace reelscale::pipeline
