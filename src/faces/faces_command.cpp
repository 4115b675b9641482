#include "faces/faces_command.hpp"

#include <algorithm>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include "cli/exit_codes.hpp"
#include "faces/face_eval.hpp"
#include "faces/face_lookup.hpp"
#include "faces/identity_publish.hpp"
#include "faces/identity_store.hpp"

namespace reelscale::faces {
namespace {

struct FacesArgs {
  std::string out, eval_corpus, models, name, face;
  bool json = false, recluster = false;
  std::int64_t tag = -1, untag = -1;
  std::vector<std::int64_t> merge;
  float threshold = 0.6f;
};

void run_eval(const FacesArgs& a) {
  std::string why;
  auto m = load_face_models(a.models, why);
  if (!m) throw cli::UsageError(why);
  const FaceEvalReport r = evaluate_face_corpus(*m, a.eval_corpus, a.threshold);
  if (a.json) {
    std::cout << r.to_json().dump(1) << "\n";
    return;
  }
  std::cout << fmt::format("images {}  faces {}  labelled {}  threshold {:.2f}\n", r.images, r.faces, r.labelled,
                           r.threshold)
            << fmt::format("verification accuracy {:.4f} ({} same + {} different pairs), balanced {:.4f}\n",
                           r.accuracy, r.same_pairs, r.diff_pairs, r.balanced_accuracy)
            << fmt::format("average linkage  BCubed P {:.4f} R {:.4f} F1 {:.4f}  identities {}  distractors merged {}\n",
                           r.average.precision, r.average.recall, r.average.f1, r.average.identities,
                           r.average.distractors_merged)
            << fmt::format("chinese whispers BCubed P {:.4f} R {:.4f} F1 {:.4f}  identities {}  distractors merged {}\n",
                           r.whispers.precision, r.whispers.recall, r.whispers.f1, r.whispers.identities,
                           r.whispers.distractors_merged)
            << fmt::format("no-face images {}: {} faces found;  truth boxes {}: {} matched at IoU >= 0.5\n",
                           r.no_face_images, r.no_face_detections, r.boxes, r.boxes_matched);
}

void print_list(const IdentityStore& s, bool json) {
  const nlohmann::json sum = s.summary();
  if (json) {
    std::cout << sum.dump(1) << "\n";
    return;
  }
  std::cout << fmt::format("{:>6}  {:<28} {:>6} {:>6} {:>10}\n", "id", "name", "tracks", "assets", "frames");
  for (const auto& e : sum) {
    std::int64_t frames = 0;
    for (const auto& a : e["assets"])
      for (const auto& t : a["tracks"]) frames += t["end"].get<std::int64_t>() - t["start"].get<std::int64_t>() + 1;
    std::cout << fmt::format("{:>6}  {:<28} {:>6} {:>6} {:>10}\n", e["id"].get<std::int64_t>(),
                             e["name"].is_null() ? "unknown" : e["name"].get<std::string>(),
                             e["tracks"].get<std::size_t>(), e["assets"].size(), frames);
  }
}

/// `--face IMAGE`: the identity of the largest face in IMAGE and its appearances.
void run_face_query(const FacesArgs& a, const IdentityStore& s) {
  std::string why;
  auto m = load_face_models(a.models, why);
  if (!m) throw cli::UsageError(why);
  const cv::Mat img = cv::imread(a.face, cv::IMREAD_COLOR);
  if (img.empty()) throw cli::UsageError("faces: cannot read image '" + a.face + "'");
  const auto obs = m->observe(img);
  nlohmann::json r = {{"image", a.face}, {"faces", obs.size()}, {"identity", -1}, {"name", nullptr}};
  if (!obs.empty()) {
    const auto big = std::max_element(obs.begin(), obs.end(), [](const auto& x, const auto& y) {
      return x.det.box.area() < y.det.box.area();
    });
    float dist = 0;
    const std::int64_t id = s.nearest_identity(big->descriptor, dist);
    r["distance"] = dist;
    r["identity"] = id;
    for (const auto& e : s.summary())
      if (e["id"] == id) r["name"] = e["name"], r["assets"] = e["assets"];
  }
  if (a.json) {
    std::cout << r.dump(1) << "\n";
    return;
  }
  if (r["identity"] == -1) {
    std::cout << "no known identity (" << obs.size() << " faces in the image)\n";
    return;
  }
  std::cout << fmt::format("identity {} ({}), mean distance {:.3f}\n", r["identity"].get<std::int64_t>(),
                           r["name"].is_null() ? "unknown" : r["name"].get<std::string>(), r["distance"].get<float>());
  for (const auto& as : r["assets"])
    for (const auto& t : as["tracks"])
      std::cout << fmt::format("  {}  track {}  frames {}-{}\n", as["asset"].get<std::string>(),
                               t["track"].get<std::int64_t>(), t["start"].get<std::int64_t>(), t["end"].get<std::int64_t>());
}

void run_store(const FacesArgs& a) {
  if (a.out.empty()) throw cli::UsageError("faces: give OUT (the run's output folder) or --eval CORPUS");
  const std::filesystem::path dir = std::filesystem::path(a.out) / "faces";
  IdentityStore s = IdentityStore::load(dir);
  if (!a.face.empty()) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(a.face, ec)) return run_face_query(a, s);
    print_face_lookup(lookup_face(a.out, a.face, a.models), a.json);  // a tagged name
    return;
  }
  bool identities_changed = false, names_changed = false;
  try {
    if (a.recluster) s.recluster(), identities_changed = true;
    if (!a.merge.empty()) s.merge(a.merge.at(0), a.merge.at(1)), identities_changed = names_changed = true;
    if (a.tag >= 0) {
      if (a.name.empty()) throw cli::UsageError("faces: --tag needs --name");
      s.tag(a.tag, a.name), names_changed = true;
    }
    if (a.untag >= 0) s.untag(a.untag), names_changed = true;
  } catch (const std::invalid_argument& e) {
    throw cli::UsageError(e.what());
  }
  if (identities_changed) {
    s.save(dir);
    s.write_index(std::filesystem::path(a.out) / "index" / "faces.faiss");
  }
  else if (names_changed) s.save_names(dir);
  if (identities_changed || names_changed) {
    std::set<std::string> touched;  // a name change only touches the assets of that identity
    if (!identities_changed)
      for (const auto& t : s.tracks)
        if (t.identity == a.tag || t.identity == a.untag) touched.insert(t.asset);
    publish_identities(a.out, s, {}, touched);
  }
  print_list(s, a.json);
}

}  // namespace

void register_faces_command(CLI::App& app) {
  auto a = std::make_shared<FacesArgs>();
  CLI::App* c = app.add_subcommand("faces", "List, name and merge the archive's face identities; --eval scores a photo set");
  c->add_option("out", a->out, "Output folder of a run (identities in OUT/faces/)");
  c->add_flag("--json", a->json, "JSON output");
  c->add_option("--tag", a->tag, "Identity id to name (with --name)");
  c->add_option("--name", a->name, "Name for --tag");
  c->add_option("--merge", a->merge, "Merge the second identity into the first")->expected(2);
  c->add_option("--untag", a->untag, "Identity id whose name to remove");
  c->add_flag("--recluster", a->recluster, "Cluster all tracks again (ids and names kept by majority)");
  c->add_option("--face", a->face, "Image: which identity is its (largest) face, and where it appears; or a tagged NAME: where it appears");
  c->add_option("--eval", a->eval_corpus, "Labelled photo set (truth.json + images/) to measure");
  c->add_option("--models", a->models, "Model folder (default: $REELSCALE_MODEL_DIR or .models)");
  c->add_option("--threshold", a->threshold, "Same-person distance (dlib: 0.6)");
  c->callback([a] {
    if (!a->eval_corpus.empty()) run_eval(*a);
    else run_store(*a);
  });
}

}  // namespace reelscale::faces
