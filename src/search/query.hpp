#pragma once
/// @file query.hpp
/// Similar-scene retrieval over a run's output (OUT/catalog.h5 + OUT/index/*.faiss):
/// by scene (scenes.faiss), by frame or by image (frames.faiss; a scene scores its best
/// frame), and for an image a second, frame-exact stage (search/frame_match.hpp).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "catalog/catalog_reader.hpp"
#include "record/asset_record.hpp"
#include "search/frame_match.hpp"

namespace reelscale::search {

/// A query the catalog cannot answer as asked (unknown asset, scene or frame; bad
/// reference syntax; an embedder that cannot be loaded). The CLI exits with 2.
struct QueryError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

/// One scene found.
struct QueryResult {
  std::string asset_id;
  std::int64_t scene = 0;  ///< 0-based scene number within the asset
  float score = 0;         ///< inner product of L2-normalised vectors (cosine), higher is closer
  FrameMatch match;        ///< frame-exact verification (query by image only)
};

/// "ASSET_ID:NUMBER" -> {id, number}. @throws QueryError naming `what` otherwise.
std::pair<std::string, std::int64_t> parse_ref(const std::string& s, const char* what);

/// Queries against one run's output folder.
class Searcher {
 public:
  /// @throws QueryError when OUT/catalog.h5 is absent.
  Searcher(const std::filesystem::path& out, int faiss_threads);

  /// The `k` scenes closest to scene `scene` of asset `id` (itself excluded).
  std::vector<QueryResult> by_scene(const std::string& id, std::int64_t scene, std::size_t k);
  /// The `k` scenes closest to the embedded frame of asset `id` nearest `frame`.
  std::vector<QueryResult> by_frame(const std::string& id, std::int64_t frame, std::size_t k);
  /// The `k` scenes closest to image `bgr` (embedded with the catalog's embedder at the
  /// catalog's analysis width), scenes holding a duplicate of the image first.
  std::vector<QueryResult> by_image(const cv::Mat& bgr, std::size_t k);

  /// Asset `id` without frame series (cached). @throws QueryError when absent.
  const AssetRecord& asset(const std::string& id);

 private:
  std::vector<QueryResult> by_vector(const std::vector<float>& q, std::size_t k);
  void verify_image_matches(std::vector<QueryResult>& results, std::size_t verify, const ImageSignature& img);

  std::filesystem::path out_, h5_;
  int threads_;
  catalog::CatalogReader reader_;
  std::map<std::string, AssetRecord> cache_;
};

/// Embedding of `bgr` with the embedder of catalog `h5`, on analysis images as wide as the
/// catalog's `analysis_width` (the pipeline's analysis images).
/// @throws QueryError when the embedder cannot be loaded or its dimension changed.
std::vector<float> image_embedding(const cv::Mat& bgr, const std::filesystem::path& h5);

}  // namespace reelscale::search
