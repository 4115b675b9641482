#include "cli/query_command.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "cli/exit_codes.hpp"
#include "faces/face_lookup.hpp"
#include "run/out_guard.hpp"
#include "search/query.hpp"

namespace reelscale::cli {
namespace fs = std::filesystem;
namespace {

struct QueryArgs {
  std::string out, image, scene, frame, face;
  int k = 10;
  bool json = false;
  int threads = 2;
};

/// The query image (BGR), read once for both the embedding and the frame signature.
cv::Mat read_query_image(const fs::path& file) {
  cv::Mat img = cv::imread(file.string(), cv::IMREAD_COLOR);
  if (img.empty()) throw UsageError("cannot read image '" + file.string() + "'");
  return img;
}

std::vector<search::QueryResult> find(const QueryArgs& a, search::Searcher& searcher) {
  const std::size_t k = std::size_t(a.k);
  if (!a.scene.empty()) {
    const auto [id, sc] = search::parse_ref(a.scene, "scene");
    return searcher.by_scene(id, sc, k);
  }
  if (!a.frame.empty()) {
    const auto [id, f] = search::parse_ref(a.frame, "frame");
    return searcher.by_frame(id, f, k);
  }
  return searcher.by_image(read_query_image(a.image), k);
}

int run_query(const QueryArgs& a) {
  if (!a.face.empty()) {  // faces (src/faces/face_lookup.hpp): where a tagged name / a pictured person appears
    try {
      return faces::print_face_lookup(faces::lookup_face(a.out, a.face), a.json);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  }
  const int modes = int(!a.image.empty()) + int(!a.scene.empty()) + int(!a.frame.empty());
  if (modes != 1) throw UsageError("give exactly one of --image, --scene, --frame");
  if (a.k <= 0) throw UsageError("-k must be positive");
  std::vector<search::QueryResult> results;
  std::unique_ptr<search::Searcher> owner;
  if (const fs::path h5 = fs::path(a.out) / "catalog.h5"; fs::exists(h5))
    run::validate_catalog_file(h5, 120, /*deep=*/false);  // corrupt: clear error, no crash or hang
  try {
    owner = std::make_unique<search::Searcher>(a.out, a.threads);
    results = find(a, *owner);
  } catch (const search::QueryError& e) {
    throw UsageError(e.what());
  }
  search::Searcher& searcher = *owner;
  nlohmann::json arr = nlohmann::json::array();
  if (!a.json)
    std::printf("%4s  %-7s %-16s %6s %15s %19s %7s  %s\n", "rank", "score", "asset", "scene", "frames", "seconds",
                "match", "path");
  int rank = 0;
  for (const auto& r : results) {
    const auto& rec = searcher.asset(r.asset_id);
    const Scene s = std::size_t(r.scene) < rec.scenes.scenes.size() ? rec.scenes.scenes[std::size_t(r.scene)] : Scene{};
    const bool dup = r.match.duplicate();
    if (a.json) {
      arr.push_back({{"path", rec.path},
                     {"asset_id", r.asset_id},
                     {"scene", r.scene},
                     {"start", s.start_frame},
                     {"end", s.end_frame},
                     {"start_s", s.start_s},
                     {"end_s", s.end_s},
                     {"score", r.score},
                     {"match_frame", dup ? nlohmann::json(r.match.frame) : nlohmann::json(nullptr)}});
    } else {
      const std::string match = dup ? std::to_string(r.match.frame) : "-";
      std::printf("%4d  %-7.4f %-16s %6lld %7lld-%-7lld %9.2f-%-9.2f %7s  %s\n", ++rank, double(r.score),
                  r.asset_id.c_str(), (long long)r.scene, (long long)s.start_frame, (long long)s.end_frame, s.start_s,
                  s.end_s, match.c_str(), rec.path.c_str());
    }
  }
  if (a.json) std::printf("%s\n", arr.dump(1).c_str());
  std::fflush(stdout);
  return kExitOk;
}

}  // namespace

void register_query_command(CLI::App& app) {
  auto q = std::make_shared<QueryArgs>();
  CLI::App* cmd = app.add_subcommand("query", "Find the scenes most similar to an image, a scene or a frame");
  cmd->add_option("OUT", q->out, "Output folder of a run (catalog.h5, index/)")->required();
  cmd->add_option("--image", q->image, "Query image file (any format OpenCV reads)");
  cmd->add_option("--scene", q->scene, "Query scene ASSET_ID:SCENE (0-based scene number)");
  cmd->add_option("--frame", q->frame, "Query frame ASSET_ID:FRAME (0-based frame; nearest selected frame)");
  cmd->add_option("--face", q->face, "Tagged NAME or image of a face: its identity's appearances (asset, frames, seconds, scenes)");
  cmd->add_option("-k", q->k, "Number of scenes to return")->check(CLI::PositiveNumber);
  cmd->add_flag("--json", q->json, "Print a JSON list of {path, asset_id, scene, start, end, start_s, end_s, score}");
  cmd->add_option("--threads", q->threads, "Faiss OpenMP threads")->check(CLI::PositiveNumber);
  cmd->callback([q] { throw CommandResult{run_query(*q)}; });
}

}  // namespace reelscale::cli
