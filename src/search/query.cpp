#include "search/query.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>

#include <spdlog/spdlog.h>

#include "catalog/scene_catalog.hpp"
#include "embed/embedder_spec.hpp"
#include "embed/image_embedding.hpp"
#include "indexes/scene_index.hpp"

namespace reelscale::search {
namespace fs = std::filesystem;
namespace {

fs::path checked_catalog(const fs::path& out) {
  const fs::path h5 = out / "catalog.h5";
  if (!fs::exists(h5)) throw QueryError("'" + h5.string() + "' not found: run `reelscale run` first");
  return h5;
}

/// True when the asset's analysed video stream has the image's pixel size.
bool same_frame_size(const AssetRecord& rec, const ImageSignature& img) {
  if (rec.video_stream < 0 || std::size_t(rec.video_stream) >= rec.tech.streams.size()) return false;
  const auto& st = rec.tech.streams[std::size_t(rec.video_stream)];
  return (st.width == img.width && st.height == img.height) || (st.width == img.height && st.height == img.width);
}

}  // namespace

std::vector<float> image_embedding(const cv::Mat& img, const fs::path& h5) {
  const catalog::CatalogEmbedder ce = catalog::read_catalog_embedder(h5);
  std::shared_ptr<const embed::ImageEmbedder> e;
  try {
    e = embed::make_embedder(ce.spec);
  } catch (const std::exception& x) {
    throw QueryError("catalog '" + h5.string() + "' was embedded with '" + ce.spec +
                     "', which cannot be loaded: " + x.what());
  }
  if (ce.dim > 0 && e->dim() != ce.dim)
    throw QueryError("catalog '" + h5.string() + "' holds " + std::to_string(ce.dim) + "-d vectors but its embedder '" +
                     ce.spec + "' now gives " + std::to_string(e->dim()) + "-d ones (the model file changed?)");
  return embed::embed_bgr_image(img, *e, ce.analysis_width);
}

std::pair<std::string, std::int64_t> parse_ref(const std::string& s, const char* what) {
  const auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == s.size())
    throw QueryError(std::string("--") + what + " expects ASSET_ID:NUMBER, got '" + s + "'");
  try {
    return {s.substr(0, colon), std::stoll(s.substr(colon + 1))};
  } catch (const std::exception&) {
    throw QueryError(std::string("--") + what + " expects ASSET_ID:NUMBER, got '" + s + "'");
  }
}

Searcher::Searcher(const fs::path& out, int faiss_threads)
    : out_(out), h5_(checked_catalog(out)), threads_(faiss_threads), reader_(h5_) {}

const AssetRecord& Searcher::asset(const std::string& id) {
  auto it = cache_.find(id);
  if (it != cache_.end()) return it->second;
  if (!reader_.has_asset(id)) throw QueryError("asset '" + id + "' is not in the catalog");
  return cache_.emplace(id, reader_.read_asset(id, false)).first->second;
}

std::vector<QueryResult> Searcher::by_scene(const std::string& id, std::int64_t sc, std::size_t k) {
  // Scene-to-scene: the scene's vector against scenes.faiss (the scene itself excluded).
  const auto& rec = asset(id);
  const auto d = std::size_t(rec.scenes.embedding_dim);
  if (sc < 0 || std::size_t(sc) >= rec.scenes.scenes.size() || d == 0)
    throw QueryError("asset '" + id + "' has no scene " + std::to_string(sc));
  const indexes::Index index(indexes::index_path(out_, "scenes"), threads_);
  const auto map = catalog::read_index_map(h5_, "scenes");
  std::vector<QueryResult> results;
  for (const auto& h : index.search(rec.scenes.scene_embeddings.data() + std::size_t(sc) * d, k + 1)) {
    const auto& row = map.at(std::size_t(h.id));
    if (row.asset_id == id && row.scene == sc) continue;
    if (results.size() < k) results.push_back({row.asset_id, row.scene, h.score, {}});
  }
  return results;
}

std::vector<QueryResult> Searcher::by_vector(const std::vector<float>& q, std::size_t k) {
  // A frame vector against frames.faiss; a scene scores its best frame.
  const indexes::Index index(indexes::index_path(out_, "frames"), threads_);
  if (std::size_t(index.dim()) != q.size())
    throw std::runtime_error("index dimension " + std::to_string(index.dim()) + " differs from the query's " +
                             std::to_string(q.size()));
  const auto map = catalog::read_index_map(h5_, "frames");
  std::map<std::pair<std::string, std::int64_t>, float> best;
  for (const auto& h : index.search(q.data(), std::max<std::size_t>(100, 20 * k))) {
    const auto& row = map.at(std::size_t(h.id));
    auto key = std::make_pair(row.asset_id, row.scene);
    auto it = best.find(key);
    if (it == best.end() || h.score > it->second) best[key] = h.score;
  }
  std::vector<QueryResult> results;
  for (const auto& [key, s] : best) results.push_back({key.first, key.second, s, {}});
  std::sort(results.begin(), results.end(),
            [](const QueryResult& x, const QueryResult& y) { return x.score > y.score; });
  return results;
}

std::vector<QueryResult> Searcher::by_frame(const std::string& id, std::int64_t f, std::size_t k) {
  const auto& rec = asset(id);
  const auto d = std::size_t(rec.scenes.embedding_dim);
  const auto& fr = rec.scenes.embedded_frames;
  if (fr.empty() || d == 0) throw QueryError("asset '" + id + "' has no embedded frames");
  std::size_t best = 0;
  for (std::size_t i = 1; i < fr.size(); ++i)
    if (std::llabs(fr[i] - f) < std::llabs(fr[best] - f)) best = i;
  if (fr[best] != f) spdlog::info("frame {} has no embedding; using the nearest selected frame {}", f, fr[best]);
  const std::vector<float> q(rec.scenes.frame_embeddings.begin() + std::ptrdiff_t(best * d),
                             rec.scenes.frame_embeddings.begin() + std::ptrdiff_t((best + 1) * d));
  auto results = by_vector(q, k);
  if (results.size() > k) results.resize(k);
  return results;
}

std::vector<QueryResult> Searcher::by_image(const cv::Mat& img, std::size_t k) {
  const std::vector<float> q = image_embedding(img, h5_);
  const ImageSignature signature = image_signature(img, catalog::read_catalog_embedder(h5_).analysis_width);
  auto results = by_vector(q, k);
  verify_image_matches(results, std::max<std::size_t>(20, 2 * k), signature);
  if (results.size() > k) results.resize(k);
  return results;
}

/// Query by image, second stage: the image is compared frame by frame with the
/// best-scoring candidate scenes (search/frame_match.hpp). Scenes holding a duplicate
/// of the image come first: those of assets whose frame size is the image's before
/// others (a frame grab keeps its source's size), then by thumbnail distance; the rest
/// keep their embedding order. `results` must be sorted by score; only its first
/// `verify` entries are checked.
void Searcher::verify_image_matches(std::vector<QueryResult>& results, std::size_t verify, const ImageSignature& img) {
  verify = std::min(verify, results.size());
  std::vector<char> size_match(results.size(), 0);
  for (std::size_t i = 0; i < verify; ++i) {
    auto& r = results[i];
    const auto& rec = asset(r.asset_id);
    if (std::size_t(r.scene) >= rec.scenes.scenes.size()) continue;
    const Scene& s = rec.scenes.scenes[std::size_t(r.scene)];
    const auto sig = reader_.read_frame_signatures(r.asset_id, s.start_frame, s.end_frame);
    r.match = best_frame_match(img, sig.phash, sig.thumb, sig.first_frame);
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
  std::vector<QueryResult> sorted;
  sorted.reserve(results.size());
  for (const std::size_t i : order) sorted.push_back(results[i]);
  results.swap(sorted);
}

}  // namespace reelscale::search
