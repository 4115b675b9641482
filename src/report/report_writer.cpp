#include "report/report_writer.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <tbb/parallel_for.h>

#include "export/asset_doc.hpp"
#include "report/loudness_source.hpp"
#include "report/pages.hpp"
#include "report/search_page.hpp"
#include "report/static_files.hpp"
#include "util/atomic_file.hpp"

namespace reelscale::report {
namespace fs = std::filesystem;
namespace {

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(text.data(), std::streamsize(text.size()));
  if (!f.flush()) throw std::runtime_error("report: cannot write '" + p.string() + "'");
}

/// Run wall time from OUT/status.json (written by `run --progress`), when present.
void read_status(const fs::path& out, RunSummary& s) {
  std::ifstream in(out / "status.json");
  if (!in) return;
  try {
    nlohmann::json j;
    in >> j;
    if (j.contains("wall_s") && j["wall_s"].is_number()) s.wall_s = j["wall_s"], s.wall_from_status = true;
  } catch (const nlohmann::json::exception&) {
  }
}

}  // namespace

ReportStats write_report(const fs::path& out) {
  const auto t0 = std::chrono::steady_clock::now();
  if (!fs::is_directory(out / "assets")) throw std::runtime_error("report: no sidecars in '" + (out / "assets").string() + "'");
  const fs::path dir = out / "report";
  fs::create_directories(dir / "asset");
  const auto files = exports::sidecar_files(out);
  const LoudnessSource loud(out / "catalog.h5");
  std::vector<IndexRow> rows(files.size());
  std::vector<char> good(files.size(), 0);
  std::mutex log_mu;
  tbb::parallel_for(std::size_t{0}, files.size(), [&](std::size_t i) {
    try {
      const exports::AssetDoc d = exports::read_sidecar(files[i]);
      const LoudnessSeries ls = loud.read(d.id);
      write_text(dir / "asset" / (d.id + ".html"), asset_page(d, ls, "../../"));
      rows[i] = index_row(d);
      good[i] = 1;
    } catch (const std::exception& e) {
      std::lock_guard lock(log_mu);
      spdlog::warn("report: {}", e.what());
    }
  });
  ReportStats st;
  std::vector<IndexRow> kept;
  kept.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (good[i]) kept.push_back(std::move(rows[i]));
    else ++st.unreadable;
  // Default order of the index (report.js does not re-sort it): errors, damaged, ok; then path.
  auto rank = [](const std::string& s) { return s == "error" ? 0 : s == "damaged" ? 1 : 2; };
  std::sort(kept.begin(), kept.end(), [&](const IndexRow& a, const IndexRow& b) {
    const int ra = rank(a.status), rb = rank(b.status);
    return ra != rb ? ra < rb : a.path < b.path;
  });
  RunSummary sum = summarise(kept);
  read_status(out, sum);
  write_text(dir / "report.css", kReportCss);
  write_text(dir / "report.js", kIndexJs);
  util::write_file_atomic(dir / "assets.js", assets_js(kept));
  bool search = false;
  try {
    search = write_search_page(out);
  } catch (const std::exception& e) {
    spdlog::warn("report: no search page: {}", e.what());
  }
  util::write_file_atomic(dir / "index.html", index_page(sum, search));
  st.assets = st.pages = std::int64_t(kept.size());
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return st;
}

}  // namespace reelscale::report
