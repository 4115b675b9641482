#include "cli/duplicates_command.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

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
};

void run_duplicates(const DuplicatesArgs& a) {
  const fs::path h5 = fs::path(a.out) / "catalog.h5";
  if (!fs::exists(h5)) throw UsageError("no catalog at '" + h5.string() + "'");
  auto cat = duplicates::read_catalog_signatures(h5);
  std::vector<duplicates::AssetSignature> sigs;
  std::vector<std::string> ids, paths;
  for (auto& c : cat) {
    ids.push_back(c.sig.id);
    paths.push_back(c.path);
    sigs.push_back(std::move(c.sig));
  }
  duplicates::DuplicateOptions opt;
  opt.min_seconds = a.min_seconds;
  const auto rep = duplicates::find_duplicates(sigs, opt);
  if (a.json) {
    std::string s = duplicates::report_to_json(rep, ids, paths, a.min_seconds).dump(1);
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
  sub->callback([args] { run_duplicates(*args); });
}

}  // namespace reelscale::cli
