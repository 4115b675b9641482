#include "indexes/face_index.hpp"

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/index_io.h>

#include <cmath>
#include <memory>
#include <stdexcept>

namespace reelscale::indexes {
namespace {

std::unique_ptr<faiss::Index> make_index(const float* data, std::size_t n, int dim, std::size_t exact_below) {
  std::unique_ptr<faiss::Index> index;
  if (n < exact_below) {
    index = std::make_unique<faiss::IndexFlatL2>(dim);
  } else {
    auto h = std::make_unique<faiss::IndexHNSWFlat>(dim, 32);
    h->hnsw.efSearch = 128;
    index = std::move(h);
  }
  if (n) index->add(static_cast<faiss::Index::idx_t>(n), data);
  return index;
}

}  // namespace

std::vector<std::vector<std::pair<std::size_t, float>>> face_knn(const float* data, std::size_t n, int dim,
                                                                 std::size_t k, float max_distance,
                                                                 std::size_t exact_below) {
  std::vector<std::vector<std::pair<std::size_t, float>>> out(n);
  if (n == 0 || k == 0) return out;
  const auto index = make_index(data, n, dim, exact_below);
  const std::size_t kk = std::min(n, k + 1);  // the vector itself comes back first
  std::vector<float> d2(n * kk);
  std::vector<faiss::Index::idx_t> ids(n * kk);
  index->search(static_cast<faiss::Index::idx_t>(n), data, static_cast<faiss::Index::idx_t>(kk), d2.data(), ids.data());
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t r = 0; r < kk; ++r) {
      const auto j = ids[i * kk + r];
      if (j < 0 || static_cast<std::size_t>(j) == i) continue;
      const float dist = std::sqrt(std::max(0.0f, d2[i * kk + r]));
      if (dist < max_distance && out[i].size() < k) out[i].emplace_back(static_cast<std::size_t>(j), dist);
    }
  return out;
}

std::vector<std::vector<std::pair<std::size_t, float>>> face_knn_query(const float* base, std::size_t nb,
                                                                       const float* queries, std::size_t nq, int dim,
                                                                       std::size_t k, float max_distance,
                                                                       std::size_t exact_below) {
  std::vector<std::vector<std::pair<std::size_t, float>>> out(nq);
  if (nb == 0 || nq == 0 || k == 0) return out;
  const auto index = make_index(base, nb, dim, exact_below);
  const std::size_t kk = std::min(nb, k);
  std::vector<float> d2(nq * kk);
  std::vector<faiss::Index::idx_t> ids(nq * kk);
  index->search(static_cast<faiss::Index::idx_t>(nq), queries, static_cast<faiss::Index::idx_t>(kk), d2.data(),
                ids.data());
  for (std::size_t i = 0; i < nq; ++i)
    for (std::size_t r = 0; r < kk; ++r) {
      const auto j = ids[i * kk + r];
      if (j < 0) continue;
      const float dist = std::sqrt(std::max(0.0f, d2[i * kk + r]));
      if (dist < max_distance) out[i].emplace_back(static_cast<std::size_t>(j), dist);
    }
  return out;
}

void write_face_index(const std::filesystem::path& file, const float* data, std::size_t n, int dim,
                      std::size_t exact_below) {
  const auto index = make_index(data, n, dim, exact_below);
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  const std::string tmp = file.string() + ".partial";
  try {
    faiss::write_index(index.get(), tmp.c_str());
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot write face index '" + file.string() + "': " + e.what());
  }
  std::filesystem::rename(tmp, file, ec);
  if (ec) throw std::runtime_error("cannot write face index '" + file.string() + "': " + ec.message());
}

}  // namespace reelscale::indexes
