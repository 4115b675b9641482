#include "faces/faces_run.hpp"

#include <algorithm>
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

#include "catalog/catalog_reader.hpp"
#include "faces/faces_analyser.hpp"
#include "faces/identity_update.hpp"

namespace reelscale::faces {
namespace {

struct RunFlags {
  bool on = false;  ///< faces are opt-in (--faces): about +90 % CPU on the dev corpus (docs/faces.md)
  bool off = false;
  bool every = false;  ///< --faces-every-sample: detect and describe every sample (no change gate)
  double hz = 2.0;
  std::string models;
};

}  // namespace

void build_identities(const std::filesystem::path& out) {
  const auto file = out / "catalog.h5";
  if (!std::filesystem::exists(file)) return;
  std::vector<std::pair<std::string, record::Table>> tables;
  {
    catalog::CatalogReader r(file);
    for (const std::string& id : r.asset_ids()) {
      const auto names = r.table_names(id);
      if (std::find(names.begin(), names.end(), "faces") != names.end()) tables.emplace_back(id, r.read_table(id, "faces"));
    }
  }
  if (tables.empty()) return;
  const IdentityUpdate u = update_identities(out, tables);
  spdlog::info("faces: {} tracks of {} assets -> {} identities ({} newly assigned, {} exemplars, {} sidecars named; "
               "catalog /face_identities + /face_tracks, OUT/faces/, OUT/index/faces.faiss)",
               u.tracks, u.assets, u.identities, u.assigned, u.exemplars, u.sidecars);
}

void add_faces_run_options(CLI::App& run_cmd, std::vector<std::function<void(run::RunOptions&)>>& apply) {
  auto f = std::make_shared<RunFlags>();
  run_cmd.add_flag("--faces", f->on, "Detect faces, build face tracks and archive-wide identities (opt-in)");
  run_cmd.add_flag("--no-faces", f->off, "Skip face detection, tracks and identities (overrides --faces)");
  run_cmd.add_option("--faces-hz", f->hz, "Frames per second sampled for faces (default 2)");
  run_cmd.add_flag("--faces-every-sample", f->every,
                   "Run the face detector and descriptor on every sample (default: only on samples that changed)");
  if (!run_cmd.get_option_no_throw("--models"))
    run_cmd.add_option("--models", f->models, "Model folder (default: $REELSCALE_MODEL_DIR, else .models/)");
  CLI::App* cmd = &run_cmd;
  apply.push_back([f, cmd](run::RunOptions& r) {
    if (!f->on || f->off) return;
    if (const CLI::Option* o = cmd->get_option_no_throw("--models"); o && o->count() && f->models.empty())
      f->models = o->as<std::string>();
    std::string why;
    auto models = load_face_models(f->models, why);
    if (!models) {
      spdlog::warn("{}", why);
      return;
    }
    FacesOptions fo;
    fo.sample_hz = f->hz;
    fo.gate = !f->every;
    r.pipeline.frame_analysers.push_back(faces_factory(*models, fo));
    r.post_merge.push_back({"faces", [](const std::filesystem::path& out) { build_identities(out); }});
  });
}

}  // namespace reelscale::faces
