/// @file capabilities.cpp
/// One slot per capability area: a function <area>_slot(run_cmd, caps), called between the
/// area's markers in register_capability_options (so that merges of different areas do not
/// touch the same lines). A slot typically:
///
///   auto o = std::make_shared<faces::Options>();
///   run_cmd.add_flag("--no-faces", o->off, "Skip face detection");
///   caps.apply.push_back([o](run::RunOptions& r) {
///     if (o->off) return;
///     r.pipeline.frame_analysers.push_back([o] { return faces::make_analyser(*o); });
///     r.post_merge.push_back({"faces", [o](const std::filesystem::path& out) { faces::build_identities(out, *o); }});
///   });

#include "cli/capabilities.hpp"

#include "faces/faces_command.hpp"  // faces
#include "faces/faces_run.hpp"      // faces
#include "cli/duplicates_command.hpp"  // duplicates
#include "duplicates/post_merge.hpp"     // duplicates
#include "duplicates/tick_analyser.hpp"  // duplicates
#include <spdlog/spdlog.h>              // duplicates

#include <filesystem>
#include <fstream>
#include <memory>

#include <spdlog/spdlog.h>

#include "fulltext/catalog_index.hpp"
#include "fulltext/search_cli.hpp"
#include "speech/speech_analyser.hpp"
#include "speech/speech_post_merge.hpp"
#include "moderation/moderation_stage.hpp"
#include "text/text_stage.hpp"
#include <unistd.h>

#include "export/export_command.hpp"
#include "report/progress.hpp"
#include "report/report_writer.hpp"
#include <nlohmann/json.hpp>

#include "cli/exit_codes.hpp"
#include "outputs/asset_outputs.hpp"
#include "outputs/outputs_spec.hpp"

namespace reelscale::cli {

namespace {

/// The `run` options and steps of src/faces.
void faces_slot(CLI::App& run_cmd, Capabilities& caps) {
  (void)run_cmd;
  faces::add_faces_run_options(run_cmd, caps.apply);
}

/// The `run` options and steps of src/text.
void text_slot(CLI::App& run_cmd, Capabilities& caps) {
  (void)run_cmd;
  {
    struct TextCli {
      bool on = false;  // opt-in (--text): OCR at 1 Hz costs several times the run's CPU (docs/text.md)
      bool off = false;
      std::string langs = "ara+eng";
      std::string models;
    };
    auto o = std::make_shared<TextCli>();
    run_cmd.add_flag("--text", o->on, "Read on-screen text (OCR; opt-in)");
    run_cmd.add_flag("--no-text", o->off, "Skip on-screen text (overrides --text)");
    run_cmd.add_option("--ocr-lang", o->langs, "Tesseract languages for on-screen text, '+'-separated")
        ->capture_default_str();
    CLI::Option* models = run_cmd.get_option_no_throw("--models");
    if (!models) models = run_cmd.add_option("--models", o->models, "Analysis model folder (default: .models)");
    caps.apply.push_back([o, models](run::RunOptions& r) {
      if (!o->on || o->off) return;
      const std::string dir = models->count() ? models->as<std::string>() : "";
      if (auto f = text::make_text_stage(o->langs, dir)) r.pipeline.frame_analysers.push_back(*f);
    });
  }
}

/// The `run` options and steps of src/moderation.
void moderation_slot(CLI::App& run_cmd, Capabilities& caps) {
  (void)run_cmd;
  {
    auto on = std::make_shared<bool>(false);  // opt-in (--moderation), like --faces and --text
    auto off = std::make_shared<bool>(false);
    run_cmd.add_flag("--moderation", *on, "Classify sampled frames for content moderation (opt-in)");
    run_cmd.add_flag("--no-moderation", *off, "Skip content moderation (overrides --moderation)");
    static std::string models_dir;  // used only when no earlier slot registered --models
    CLI::Option* models = run_cmd.get_option_no_throw("--models");
    if (!models) models = run_cmd.add_option("--models", models_dir, "Analysis model folder (default: .models)");
    caps.apply.push_back([on, off, models](run::RunOptions& r) {
      if (!*on || *off) return;
      const std::string dir = models->count() ? models->as<std::string>() : "";
      if (auto f = moderation::make_moderation_stage(dir)) r.pipeline.frame_analysers.push_back(*f);
    });
  }
}

/// The `run` options and steps of src/speech.
void speech_slot(CLI::App& run_cmd, Capabilities& caps) {
  (void)run_cmd;
  {
    struct SpeechCli {
      bool off = false;
      speech::SpeechOptions opt;
    };
    auto o = std::make_shared<SpeechCli>();
    run_cmd.add_flag("--no-speech", o->off, "Skip speech/music/silence segmentation and transcription");
    run_cmd.add_option("--transcribe", o->opt.transcribe,
                       "Transcribe speech segments: en (pocketsphinx); ar is recorded as unsupported");
    caps.apply.push_back([o](run::RunOptions& r) {
      if (o->off) return;
      r.pipeline.audio_analysers.push_back(speech::speech_analyser_factory(o->opt));
      if (!o->opt.transcribe.empty())
        r.post_merge.push_back({"captions", [](const std::filesystem::path& out) {
                                  spdlog::info("captions: {} WebVTT file(s) in {}", speech::write_caption_files(out),
                                               (out / "captions").string());
                                }});
    });
  }
}

/// The `run` options and steps of src/fulltext.
void fulltext_slot(CLI::App& run_cmd, Capabilities& caps) {
  (void)run_cmd;
  caps.apply.push_back([](run::RunOptions& r) {  // after every area's tables exist
    r.post_merge.push_back({"fulltext", [](const std::filesystem::path& out) { fulltext::build_fulltext_index_logged(out); }});
  });
}

/// The `run` options and steps of src/outputs.
void outputs_slot(CLI::App& run_cmd, Capabilities& caps) {
  (void)run_cmd;
  {
    auto on = std::make_shared<bool>(false);
    run_cmd.add_flag("--outputs", *on,
                     "Media outputs from the same read: H.264/AAC MP4 ladder (1080/720/480, never upscaled), "
                     "loudness-normalised audio, WebP thumbnails + poster, 30 s preview under OUT/outputs/<id>/ "
                     "(settings: job spec section \"outputs\", docs/outputs.md)");
    CLI::Option* job = run_cmd.get_option_no_throw("--job");
    caps.apply.push_back([on, job](run::RunOptions& r) {
      outputs::OutputsOptions o;
      o.enabled = *on;
      if (job && job->count()) {
        const std::string path = job->as<std::string>();
        std::ifstream in(path);
        const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
        if (j.is_object() && j.contains("outputs")) {
          try {
            o = outputs::outputs_options_from_json(j["outputs"], o);
          } catch (const std::exception& e) {
            throw UsageError("job spec '" + path + "': " + e.what());
          }
          if (*on) o.enabled = true;
        }
      }
      if (o.enabled) outputs::OutputsStage::install(std::make_shared<outputs::OutputsStage>(o, r.out), r.pipeline);
    });
  }
}

/// The `run` options and steps of src/report.
void report_slot(CLI::App& run_cmd, Capabilities& caps) {
  (void)run_cmd;
  auto no_report = std::make_shared<bool>(false);
  run_cmd.add_flag("--no-report", *no_report, "Do not write the HTML report OUT/report/ at the end of the run");
  caps.apply.push_back([no_report](run::RunOptions& r) {
    if (*no_report) return;
    r.post_merge.push_back({"report", [](const std::filesystem::path& out) {
                              const auto s = report::write_report(out);
                              spdlog::info("report: {} asset page(s) in {:.2f} s: {}", s.pages, s.seconds,
                                           (out / "report" / "index.html").string());
                            }});
  });

  auto progress = std::make_shared<std::string>("auto");
  run_cmd.add_option("--progress", *progress,
                     "auto|bar|log: one updating line on a terminal (auto when stderr is a TTY) or a log line per "
                     "asset; OUT/status.json holds the same counters either way")
      ->check(CLI::IsMember({"auto", "bar", "log"}));
  caps.apply.push_back([progress](run::RunOptions& r) {
    const bool bar = progress::use_bar(progress::parse_mode(*progress), STDERR_FILENO);
    auto rep = std::make_shared<std::unique_ptr<progress::Reporter>>();
    const std::filesystem::path status = r.out / "status.json";
    r.progress.start = [rep, status, bar](std::int64_t assets, double bytes) {
      // With the updating line, every log line first clears it (it is redrawn after the next asset).
      if (bar) spdlog::set_pattern("\r\x1b[2K%Y-%m-%dT%H:%M:%S %^%l%$ %v");
      *rep = std::make_unique<progress::Reporter>(status, bar, assets, bytes);
    };
    r.progress.asset = [rep](int rank, const AssetRecord& rec, double bytes) {
      return !*rep || (*rep)->asset_done(rank, std::string(to_string(rec.status)), rec.frames, rec.duration_s, bytes);
    };
    r.progress.finish = [rep] {
      if (*rep) (*rep)->finish();
    };
  });
}

/// The `run` options and steps of src/duplicates.
void duplicates_slot(CLI::App& run_cmd, Capabilities& caps) {
  (void)run_cmd;
  auto dup = std::make_shared<duplicates::DuplicateOptions>();
  auto dup_off = std::make_shared<bool>(false);
  run_cmd.add_flag("--no-duplicates", *dup_off, "Skip the archive-wide duplicate search after the merge");
  run_cmd.add_option("--duplicates-min-seconds", dup->min_seconds, "Shortest reused segment stored, seconds")
      ->check(CLI::NonNegativeNumber);
  caps.apply.push_back([dup, dup_off](run::RunOptions& r) {
    if (*dup_off) return;
    // 5 Hz active-area codes (pHash + motion) for the search (docs/duplicates.md).
    r.pipeline.frame_analysers.push_back([] { return std::make_unique<duplicates::TickAnalyser>(); });
    r.post_merge.push_back({"duplicates", [dup](const std::filesystem::path& out) {
                              const auto s = duplicates::write_duplicates(out, *dup);
                              spdlog::info("duplicates: {} assets, {} exact group(s), {} re-encoding pair(s), {} segment pair(s)",
                                           s.assets, s.exact_groups, s.encodings, s.segments);
                            }});
  });
}

}  // namespace

void register_capability_options(CLI::App& run_cmd, Capabilities& caps) {
  // ---- faces (src/faces) ----
  faces_slot(run_cmd, caps);
  // ---- end faces ----

  // ---- text (src/text) ----
  text_slot(run_cmd, caps);
  // ---- end text ----

  // ---- moderation (src/moderation) ----
  moderation_slot(run_cmd, caps);
  // ---- end moderation ----

  // ---- speech (src/speech) ----
  speech_slot(run_cmd, caps);
  // ---- end speech ----

  // ---- fulltext (src/fulltext) ----
  fulltext_slot(run_cmd, caps);
  // ---- end fulltext ----

  // ---- outputs (src/outputs) ----
  outputs_slot(run_cmd, caps);
  // ---- end outputs ----

  // ---- report (src/report) ----
  report_slot(run_cmd, caps);
  // ---- end report ----

  // ---- export (src/export) ----

  // ---- end export ----

  // ---- duplicates (src/duplicates) ----
  duplicates_slot(run_cmd, caps);
  // ---- end duplicates ----
}

void register_capability_commands(CLI::App& app) {
  (void)app;

  // ---- faces ----
  faces::register_faces_command(app);

  // ---- text ----

  // ---- moderation ----

  // ---- speech ----

  // ---- fulltext ----
  fulltext::register_search_command(app);

  // ---- outputs ----

  // ---- report ----
  report::register_report_command(app);

  // ---- export ----
  exports::register_export_command(app);

  // ---- duplicates ----
  register_duplicates_command(app);
}

}  // namespace reelscale::cli
