#include "cli/duplicates_command.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "cli/exit_codes.hpp"
#include "duplicates/catalog_signatures.hpp"
#include "duplicates/duplicate_search.hpp"
#include "duplicates/report_json.hpp"

namespace reelscale::cli {
namespace fs = std::filesystem;
namespace {

struct DuplicatesArgs {
  std::string out;
  bool json = false;
  double min_seconds = 2;
  duplicates::DuplicateOptions opt;
  bool no_crop = false;
  std::string dump_ticks;
};

/// Writes every asset's 5 Hz tick codes (crop and whole-frame) as JSON, for analysis.
void dump_ticks(const std::string& file, const std::vector<duplicates::AssetSignature>& sigs,
                const std::vector<std::string>& paths, double rate) {
  nlohmann::json j = nlohmann::json::object();
  for (std::size_t i = 0; i < sigs.size(); ++i) {
    const auto c = duplicates::resample(sigs[i], rate, true), f = duplicates::resample(sigs[i], rate, false);
    j[paths[i]] = {{"t0", c.t0_s}, {"crop", c.code}, {"full", f.code}, {"usable", c.usable}, {"motion", c.motion}};
    std::vector<int> th;  // thumbnail of the frame at each tick
    for (std::size_t k = 0; k < c.size(); ++k) {
      const double t = c.time_s(static_cast<double>(k)) + 1e-6;
      std::size_t fr = 0;
      while (fr + 1 < sigs[i].pts_s.size() && sigs[i].pts_s[fr + 1] <= t) ++fr;
      for (int b = 0; b < 256 && !sigs[i].thumb.empty(); ++b) th.push_back(sigs[i].thumb[fr * 256 + b]);
    }
    j[paths[i]]["thumb"] = th;
  }
  std::FILE* out = std::fopen(file.c_str(), "w");
  if (!out) throw UsageError("cannot write '" + file + "'");
  const std::string s = j.dump();
  std::fwrite(s.data(), 1, s.size(), out);
  std::fclose(out);
}

void run_duplicates(const DuplicatesArgs& a) {
  const fs::path h5 = fs::path(a.out) / "catalog.h5";
  if (!fs::exists(h5)) throw UsageError("no catalog at '" + h5.string() + "'");
  auto cat = duplicates::read_catalog_signatures(h5);
  std::vector<duplicates::AssetSignature> sigs;
  std::vector<std::string> ids, paths;
  std::vector<std::pair<double, double>> spans;
  for (auto& c : cat) {
    spans.push_back(duplicates::asset_span(c.sig));
    ids.push_back(c.sig.id);
    paths.push_back(c.path);
    sigs.push_back(std::move(c.sig));
  }
  if (!a.dump_ticks.empty()) dump_ticks(a.dump_ticks, sigs, paths, a.opt.rate_hz);
  duplicates::DuplicateOptions opt = a.opt;
  opt.min_seconds = a.min_seconds;
  opt.crop_codes = !a.no_crop;
  const auto rep = duplicates::find_duplicates(sigs, opt);
  if (a.json) {
    std::string s = duplicates::report_to_json(rep, ids, paths, spans, a.min_seconds).dump(1);
    std::fputs((s + "\n").c_str(), stdout);
  } else {
    std::fputs(duplicates::report_to_text(rep, ids, paths, a.min_seconds).c_str(), stdout);
  }
}

}  // namespace

void register_duplicates_command(CLI::App& app) {
  auto args = std::make_shared<DuplicatesArgs>();
  auto* sub = app.add_subcommand("duplicates", "Exact copies, re-encodings and reused segments across the catalog");
  sub->add_option("out", args->out, "Output folder of a run (holds catalog.h5)")->required();
  sub->add_flag("--json", args->json, "Print JSON instead of text");
  sub->add_option("--min-seconds", args->min_seconds, "Shortest reused segment reported, seconds")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--seed-distance", args->opt.seed_max_distance, "Hamming bits for an index seed")
      ->capture_default_str();
  sub->add_option("--match-distance", args->opt.match_max_distance, "Hamming bits for a matching tick")
      ->capture_default_str();
  sub->add_option("--min-match-fraction", args->opt.min_match_fraction, "Share of a segment's ticks that match")
      ->capture_default_str();
  sub->add_option("--max-gap", args->opt.max_gap_ticks, "Non-matching ticks tolerated in a run")->capture_default_str();
  sub->add_option("--min-contrast", args->opt.min_temporal_contrast,
                  "Bits by which a segment's offset must beat offsets 1-2 s away (static footage)")
      ->capture_default_str();
  sub->add_option("--min-motion-jaccard", args->opt.min_motion_jaccard,
                  "Motion-code agreement (Jaccard) a moving segment needs; 0 turns the motion test off")
      ->capture_default_str();
  sub->add_option("--min-motion-contrast", args->opt.min_motion_contrast,
                  "By how much a segment's motion agreement must beat offsets 1-2 s away")
      ->capture_default_str();
  sub->add_option("--motion-min-bits", args->opt.motion_min_bits,
                  "Pooled motion bits below which a segment counts as static")
      ->capture_default_str();
  sub->add_option("--boundary-distance", args->opt.boundary_max_distance,
                  "Hamming bits over which a segment's edges grow (dissolves, wipes)")
      ->capture_default_str();
  sub->add_option("--boundary-ticks", args->opt.boundary_max_ticks, "Ticks by which each edge may grow")
      ->capture_default_str();
  sub->add_option("--local-margin-bits", args->opt.local_margin_bits,
                  "Drop a segment when an offset 0.4-2 s away has a mean distance this much lower")
      ->capture_default_str();
  sub->add_option("--local-margin-jaccard", args->opt.local_margin_jaccard,
                  "... or a motion agreement this much higher")
      ->capture_default_str();
  sub->add_option("--min-score", args->opt.min_score, "Weakest reported segment score, 0..1")->capture_default_str();
  sub->add_option("--motion-evidence-jaccard", args->opt.motion_evidence_jaccard,
                  "Motion agreement that lets a segment below --min-score pass (0: off)")
      ->capture_default_str();
  sub->add_option("--motion-evidence-min-score", args->opt.motion_evidence_min_score,
                  "Score floor for segments with that motion agreement")
      ->capture_default_str();
  sub->add_flag("--both-ways", args->opt.both_ways, "Extend each pair from both assets and keep the union");
  sub->add_flag("--no-crop", args->no_crop, "Hash whole frames (pHash) instead of the thumbnails' bar-free box");
  sub->add_option("--dump-ticks", args->dump_ticks, "Write the tick codes as JSON to this file (analysis)")->group("");
  sub->callback([args] { run_duplicates(*args); });
}

}  // namespace reelscale::cli
