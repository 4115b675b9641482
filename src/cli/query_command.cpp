#include "cli/query_command.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <spdlog/spdlog.h>

#include "catalog/catalog_reader.hpp"
#include "catalog/scene_catalog.hpp"
#include "ingest/asset_budget.hpp"
#include "run/out_guard.hpp"
#include "cli/exit_codes.hpp"
#include "reelscale/kernels/embedding.hpp"
#include "scenes/embedder_spec.hpp"
#include "scenes/frame_match.hpp"
#include "scenes/image_embedding.hpp"
#include "scene_index.hpp"

namespace reelscale::cli {
namespace fs = std::filesystem;
namespace {

struct QueryArgs {
  std::string out, image, scene, frame;
  int k = 10;
  bool json = false;
  int threads = 2;
};

struct IndexArgs {
  std::string out, factory;
  int threads = 2;
};

/// The query image (BGR), read once for both the embedding and the frame signature.
cv::Mat read_query_image(const fs::path& file) {
  cv::Mat img = cv::imread(file.string(), cv::IMREAD_COLOR);
  if (img.empty()) throw UsageError("cannot read image '" + file.string() + "'");
  // The analysis images keep the aspect: a 1x60000 image would ask for gigabytes (ingest::AssetBudget).
  const double aspect = double(img.cols) / img.rows, limit = ingest::AssetBudget{}.max_analysis_aspect;
  if (aspect > limit || aspect < 1.0 / limit)
    throw UsageError("image '" + file.string() + "' is " + std::to_string(img.cols) + "x" + std::to_string(img.rows) +
                     ": aspect outside 1/" + std::to_string(int(limit)) + ".." + std::to_string(int(limit)));
  return img;
}

/// Embedding of the query image with the catalog's embedder (same analysis images as the pipeline).
std::vector<float> image_embedding(const cv::Mat& img, const fs::path& h5) {
  run::validate_catalog_file(h5, 120, /*deep=*/false);  // corrupt: a clear error, not a crash or an endless loop
  const catalog::CatalogEmbedder ce = catalog::read_catalog_embedder(h5);
  std::shared_ptr<const scenes::ImageEmbedder> e;
  try {
    e = scenes::make_embedder(ce.spec);
  } catch (const std::exception& x) {
    throw UsageError("catalog '" + h5.string() + "' was embedded with '" + ce.spec + "', which cannot be loaded: " +
                     x.what());
  }
  if (ce.dim > 0 && e->dim() != ce.dim)
    throw UsageError("catalog '" + h5.string() + "' holds " + std::to_string(ce.dim) + "-d vectors but its embedder '" +
                     ce.spec + "' now gives " + std::to_string(e->dim()) + "-d ones (the model file changed?)");
  return scenes::embed_bgr_image(img, *e);
}

std::pair<std::string, std::int64_t> parse_ref(const std::string& s, const char* what) {
  const auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == s.size())
    throw UsageError(std::string("--") + what + " expects ASSET_ID:NUMBER, got '" + s + "'");
  try {
    return {s.substr(0, colon), std::stoll(s.substr(colon + 1))};
  } catch (const std::exception&) {
    throw UsageError(std::string("--") + what + " expects ASSET_ID:NUMBER, got '" + s + "'");
  }
}

/// Asset records (without frame series), read on demand.
class Assets {
 public:
  explicit Assets(const fs::path& h5) : reader_(h5) {}
  const AssetRecord& get(const std::string& id) {
    auto it = cache_.find(id);
    if (it != cache_.end()) return it->second;
    if (!reader_.has_asset(id)) throw UsageError("asset '" + id + "' is not in the catalog");
    return cache_.emplace(id, reader_.read_asset(id, false)).first->second;
  }
  const catalog::CatalogReader& reader() const { return reader_; }

 private:
  catalog::CatalogReader reader_;
  std::map<std::string, AssetRecord> cache_;
};

struct Result {
  std::string asset_id;
  std::int64_t scene = 0;
  float score = 0;
  scenes::FrameMatch match;  ///< frame-exact verification (query by image only)
};

/// True when the asset's analysed video stream has the image's pixel size.
bool same_frame_size(const AssetRecord& rec, const scenes::ImageSignature& img) {
  if (rec.video_stream < 0 || std::size_t(rec.video_stream) >= rec.tech.streams.size()) return false;
  const auto& st = rec.tech.streams[std::size_t(rec.video_stream)];
  return (st.width == img.width && st.height == img.height) || (st.width == img.height && st.height == img.width);
}

/// Query by image, second stage: the image is compared frame by frame with
/// the best-scoring candidate scenes (scenes/frame_match.hpp). Scenes holding
/// a duplicate of the image come first: those of assets whose frame size is
/// the image's before others (a frame grab keeps its source's size), then by
/// thumbnail distance; the rest keep their embedding order. `results` must be
/// sorted by score; only its first `verify` entries are checked.
void verify_image_matches(std::vector<Result>& results, std::size_t verify, const scenes::ImageSignature& img,
                          Assets& assets) {
  verify = std::min(verify, results.size());
  std::vector<char> size_match(results.size(), 0);
  for (std::size_t i = 0; i < verify; ++i) {
    auto& r = results[i];
    const auto& rec = assets.get(r.asset_id);
    if (std::size_t(r.scene) >= rec.scenes.scenes.size()) continue;
    const Scene& s = rec.scenes.scenes[std::size_t(r.scene)];
    const auto sig = assets.reader().read_frame_signatures(r.asset_id, s.start_frame, s.end_frame);
    r.match = scenes::best_frame_match(img, sig.phash, sig.thumb, sig.first_frame);
    size_match[i] = same_frame_size(rec, img) ? 1 : 0;
  }
  std::vector<std::size_t> order(results.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    const bool dx = results[x].match.duplicate(), dy = results[y].match.duplicate();
    if (dx != dy) return dx;
    if (!dx) return false;  // keep the embedding order
    if (size_match[x] != size_match[y]) return size_match[x] > size_match[y];
    return results[x].match.thumb_distance < results[y].match.thumb_distance;
  });
  std::vector<Result> sorted;
  sorted.reserve(results.size());
  for (const std::size_t i : order) sorted.push_back(results[i]);
  results.swap(sorted);
}

int run_query(const QueryArgs& a) {
  const int modes = int(!a.image.empty()) + int(!a.scene.empty()) + int(!a.frame.empty());
  if (modes != 1) throw UsageError("give exactly one of --image, --scene, --frame");
  if (a.k <= 0) throw UsageError("-k must be positive");
  const fs::path out = a.out, h5 = out / "catalog.h5";
  if (!fs::exists(h5)) throw UsageError("'" + h5.string() + "' not found: run `reelscale run` first");
  Assets assets(h5);
  std::vector<Result> results;
  const std::size_t k = std::size_t(a.k);

  if (!a.scene.empty()) {
    // Scene-to-scene: the scene's vector against scenes.faiss (the scene itself excluded).
    const auto [id, sc] = parse_ref(a.scene, "scene");
    const auto& rec = assets.get(id);
    const auto d = std::size_t(rec.scenes.embedding_dim);
    if (sc < 0 || std::size_t(sc) >= rec.scenes.scenes.size() || d == 0)
      throw UsageError("asset '" + id + "' has no scene " + std::to_string(sc));
    const indexes::Index index(indexes::index_path(out, "scenes"), a.threads);
    const auto map = catalog::read_index_map(h5, "scenes");
    for (const auto& h : index.search(rec.scenes.scene_embeddings.data() + std::size_t(sc) * d, k + 1)) {
      const auto& row = map.at(std::size_t(h.id));
      if (row.asset_id == id && row.scene == sc) continue;
      if (results.size() < k) results.push_back({row.asset_id, row.scene, h.score});
    }
  } else {
    // Image or frame: its vector against frames.faiss; a scene scores its best frame.
    std::vector<float> q;
    scenes::ImageSignature signature;
    if (!a.image.empty()) {
      const cv::Mat img = read_query_image(a.image);
      q = image_embedding(img, h5);
      signature = scenes::image_signature(img);
    } else {
      const auto [id, f] = parse_ref(a.frame, "frame");
      const auto& rec = assets.get(id);
      const auto d = std::size_t(rec.scenes.embedding_dim);
      const auto& fr = rec.scenes.embedded_frames;
      if (fr.empty() || d == 0) throw UsageError("asset '" + id + "' has no embedded frames");
      std::size_t best = 0;
      for (std::size_t i = 1; i < fr.size(); ++i)
        if (std::llabs(fr[i] - f) < std::llabs(fr[best] - f)) best = i;
      if (fr[best] != f) spdlog::info("frame {} has no embedding; using the nearest selected frame {}", f, fr[best]);
      q.assign(rec.scenes.frame_embeddings.begin() + std::ptrdiff_t(best * d),
               rec.scenes.frame_embeddings.begin() + std::ptrdiff_t((best + 1) * d));
    }
    const indexes::Index index(indexes::index_path(out, "frames"), a.threads);
    if (std::size_t(index.dim()) != q.size())
      throw std::runtime_error("index dimension " + std::to_string(index.dim()) + " differs from the query's " +
                               std::to_string(q.size()));
    const auto map = catalog::read_index_map(h5, "frames");
    std::map<std::pair<std::string, std::int64_t>, float> best;
    for (const auto& h : index.search(q.data(), std::max<std::size_t>(100, 20 * k))) {
      const auto& row = map.at(std::size_t(h.id));
      auto key = std::make_pair(row.asset_id, row.scene);
      auto it = best.find(key);
      if (it == best.end() || h.score > it->second) best[key] = h.score;
    }
    for (const auto& [key, s] : best) results.push_back({key.first, key.second, s, {}});
    std::sort(results.begin(), results.end(), [](const Result& x, const Result& y) { return x.score > y.score; });
    if (!a.image.empty()) verify_image_matches(results, std::max<std::size_t>(20, 2 * k), signature, assets);
    if (results.size() > k) results.resize(k);
  }

  nlohmann::json arr = nlohmann::json::array();
  if (!a.json)
    std::printf("%4s  %-7s %-16s %6s %15s %19s %7s  %s\n", "rank", "score", "asset", "scene", "frames", "seconds",
                "match", "path");
  int rank = 0;
  for (const auto& r : results) {
    const auto& rec = assets.get(r.asset_id);
    const Scene s = std::size_t(r.scene) < rec.scenes.scenes.size() ? rec.scenes.scenes[std::size_t(r.scene)] : Scene{};
    const bool dup = r.match.duplicate();
    if (a.json) {
      arr.push_back({{"path", rec.path}, {"asset_id", r.asset_id}, {"scene", r.scene}, {"start", s.start_frame},
                     {"end", s.end_frame}, {"start_s", s.start_s}, {"end_s", s.end_s}, {"score", r.score},
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

int run_index(const IndexArgs& a) {
  const fs::path out = a.out;
  if (!fs::exists(out / "catalog.h5")) throw UsageError("'" + (out / "catalog.h5").string() + "' not found");
  indexes::IndexOptions o;
  o.factory = a.factory;
  o.omp_threads = a.threads;
  const run::OutLock lock(out);                          // one lock for run, merge and index
  run::validate_catalog_file(out / "catalog.h5", 120, /*deep=*/false);  // corrupt: clear error, not a crash or a hang
  catalog::read_catalog_embedder(out / "catalog.h5");  // refuses a catalog that mixes embedders
  const auto st = indexes::build_indexes(out, o);
  std::printf("indexed %zu scenes (%s) and %zu frames (%s), dim %d, %.1f s\n", st.scenes, st.scene_factory.c_str(),
              st.frames, st.frame_factory.c_str(), st.dim, st.seconds);
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
  cmd->add_option("-k", q->k, "Number of scenes to return")->check(CLI::PositiveNumber);
  cmd->add_flag("--json", q->json, "Print a JSON list of {path, asset_id, scene, start, end, start_s, end_s, score}");
  cmd->add_option("--threads", q->threads, "Faiss OpenMP threads")->check(CLI::PositiveNumber);
  cmd->callback([q] { throw CommandResult(run_query(*q)); });

  auto ia = std::make_shared<IndexArgs>();
  CLI::App* ic = app.add_subcommand("index", "Build OUT/index/scenes.faiss and frames.faiss from OUT/catalog.h5");
  ic->add_option("OUT", ia->out, "Output folder of a run")->required();
  ic->add_option("--index-factory", ia->factory,
                 "Faiss index_factory string for both indexes (default: Flat below 50k vectors, else HNSW32,Flat)");
  ic->add_option("--threads", ia->threads, "Faiss OpenMP threads")->check(CLI::PositiveNumber);
  ic->callback([ia] { throw CommandResult(run_index(*ia)); });
}

}  // namespace reelscale::cli
