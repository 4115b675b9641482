/// @file capabilities.cpp
/// One slot per capability area. Fill only your own slot (keep the blank lines around
/// it, so that merges of different areas do not touch the same lines). A slot typically:
///
///   auto o = std::make_shared<faces::Options>();
///   run_cmd.add_flag("--no-faces", o->off, "Skip face detection");
///   caps.apply.push_back([o](run::RunOptions& r) {
///     if (o->off) return;
///     r.pipeline.frame_analysers.push_back([o] { return faces::make_analyser(*o); });
///     r.post_merge.push_back({"faces", [o](const std::filesystem::path& out) { faces::build_identities(out, *o); }});
///   });

#include "cli/capabilities.hpp"

#include <filesystem>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/exit_codes.hpp"
#include "outputs/asset_outputs.hpp"
#include "outputs/outputs_spec.hpp"

namespace reelscale::cli {

void register_capability_options(CLI::App& run_cmd, Capabilities& caps) {
  (void)run_cmd;
  (void)caps;

  // ---- faces (src/faces) ----

  // ---- end faces ----

  // ---- text (src/text) ----

  // ---- end text ----

  // ---- moderation (src/moderation) ----

  // ---- end moderation ----

  // ---- speech (src/speech) ----

  // ---- end speech ----

  // ---- fulltext (src/fulltext) ----

  // ---- end fulltext ----

  // ---- outputs (src/outputs) ----
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

  // ---- end outputs ----

  // ---- report (src/report) ----

  // ---- end report ----

  // ---- export (src/export) ----

  // ---- end export ----

  // ---- duplicates (src/duplicates) ----

  // ---- end duplicates ----
}

void register_capability_commands(CLI::App& app) {
  (void)app;

  // ---- faces ----

  // ---- text ----

  // ---- moderation ----

  // ---- speech ----

  // ---- fulltext ----

  // ---- outputs ----

  // ---- report ----

  // ---- export ----

  // ---- duplicates ----
}

}  // namespace reelscale::cli
