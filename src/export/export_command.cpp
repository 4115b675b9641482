#include "export/export_command.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "cli/exit_codes.hpp"
#include "export/exporters.hpp"

namespace reelscale::exports {
namespace fs = std::filesystem;
namespace {

void write_file(const fs::path& p, const std::string& text) {
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << text;
  if (!f.flush()) throw std::runtime_error("cannot write '" + p.string() + "'");
}

}  // namespace

int run_export(const ExportOptions& o) {
  const Format fmt = parse_format(o.format);
  const Units units = parse_units(o.units);
  if (!o.asset.empty()) {
    const fs::path sc = o.out_dir / "assets" / (o.asset + ".json");
    if (!fs::exists(sc)) throw std::invalid_argument("no asset '" + o.asset + "' in '" + o.out_dir.string() + "'");
    const AssetDoc d = read_sidecar(sc);
    const std::string text = render(fmt, d, segments(d, units));
    if (o.dest.empty()) {
      std::cout << text;
      return 0;
    }
    write_file(fs::is_directory(o.dest) ? o.dest / (d.id + extension(fmt)) : o.dest, text);
    return 1;
  }
  const fs::path dir = o.dest.empty() ? o.out_dir / "exports" / o.format : o.dest;
  int written = 0;
  for (const fs::path& sc : sidecar_files(o.out_dir)) {
    try {
      const AssetDoc d = read_sidecar(sc);
      if (d.status == "error") continue;
      write_file(dir / (d.id + extension(fmt)), render(fmt, d, segments(d, units)));
      ++written;
    } catch (const std::runtime_error& e) {
      spdlog::warn("{}", e.what());
    }
  }
  spdlog::info("export: {} {} file(s) in '{}'", written, o.format, dir.string());
  return written;
}

void register_export_command(CLI::App& app) {
  auto o = std::make_shared<ExportOptions>();
  auto out = std::make_shared<std::string>();
  auto dest = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("export", "Write scenes/shots/breaks as CSV, EDL, OTIO, FCPXML, ffmetadata or WebVTT");
  cmd->add_option("out", *out, "Output folder of a `reelscale run`")->required();
  cmd->add_option("--asset", o->asset, "Asset id (default: every ok/damaged asset, one file each)");
  cmd->add_option("--format", o->format, "csv|edl|otio|fcpxml|ffmetadata|webvtt")->required();
  cmd->add_option("--units", o->units, "scenes|shots|breaks (default scenes)");
  cmd->add_option("--out", *dest, "File (with --asset) or folder; default stdout with --asset, else OUT/exports/FORMAT/");
  cmd->callback([o, out, dest] {
    o->out_dir = fs::absolute(*out);
    if (!dest->empty()) o->dest = *dest;
    try {
      run_export(*o);
    } catch (const std::invalid_argument& e) {
      throw cli::UsageError(e.what());
    }
    throw cli::CommandResult{cli::kExitOk};
  });
}

}  // namespace reelscale::exports
