#include "fulltext/search_cli.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "cli/exit_codes.hpp"
#include "fulltext/catalog_index.hpp"
#include "record/clock_text.hpp"
#include "fulltext/fulltext_index.hpp"

namespace reelscale::fulltext {
namespace {

struct SearchArgs {
  std::string out, query;
  int k = 10;
  bool json = false, reindex = false;
};

std::string clock(double s) { return record::clock_ms(s); }

int run_search(const SearchArgs& a) {
  if (a.k <= 0) throw cli::UsageError("-k must be positive");
  const auto file = index_path(a.out);
  if (a.reindex) {
    if (!std::filesystem::exists(std::filesystem::path(a.out) / "catalog.h5"))
      throw cli::UsageError("'" + a.out + "/catalog.h5' not found: run `reelscale run` first");
    build_fulltext_index(a.out);
  }
  if (!std::filesystem::exists(file))
    throw cli::UsageError("'" + file.string() + "' not found: run `reelscale run` (or merge) first");
  const auto hits = search(file, a.query, a.k);
  if (a.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& h : hits)
      j.push_back({{"asset", h.row.asset}, {"path", h.row.path}, {"kind", h.row.kind}, {"start_s", h.row.start_s},
                   {"end_s", h.row.end_s}, {"text", h.row.text}, {"snippet", h.snippet}, {"score", h.score}});
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    int n = 0;
    for (const auto& h : hits)
      std::printf("%d. %s %s [%s - %s] %s: %s\n", ++n, h.row.asset.c_str(), h.row.path.c_str(),
                  clock(h.row.start_s).c_str(), clock(h.row.end_s).c_str(), h.row.kind.c_str(), h.snippet.c_str());
    if (hits.empty()) std::printf("no match\n");
  }
  return cli::kExitOk;
}

}  // namespace

void register_search_command(CLI::App& app) {
  auto a = std::make_shared<SearchArgs>();
  CLI::App* cmd = app.add_subcommand("search", "Full-text search of on-screen text, transcripts and face names");
  cmd->add_option("out", a->out, "Output folder of a run (holds index/fulltext.sqlite)")->required();
  cmd->add_option("query", a->query, "Words (all must occur; Arabic harakat and case are ignored)")->required();
  cmd->add_option("-k", a->k, "Number of results")->capture_default_str();
  cmd->add_flag("--reindex", a->reindex, "Rebuild OUT/index/fulltext.sqlite from the catalog and sidecars first");
  cmd->add_flag("--json", a->json, "JSON array of {asset, path, kind, start_s, end_s, text, snippet, score}");
  cmd->callback([a] { throw cli::CommandResult{run_search(*a)}; });
}

}  // namespace reelscale::fulltext
