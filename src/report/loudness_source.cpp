#include "report/loudness_source.hpp"

#include <spdlog/spdlog.h>

#include "catalog/catalog_reader.hpp"

namespace reelscale::report {

struct LoudnessSource::Impl {
  std::unique_ptr<catalog::CatalogReader> reader;
};

LoudnessSource::LoudnessSource(const std::filesystem::path& catalog) : impl_(std::make_unique<Impl>()) {
  std::error_code ec;
  if (!std::filesystem::exists(catalog, ec)) return;
  try {
    impl_->reader = std::make_unique<catalog::CatalogReader>(catalog);
  } catch (const std::exception& e) {
    spdlog::warn("report: no loudness plots: {}", e.what());
  }
}

LoudnessSource::~LoudnessSource() = default;

bool LoudnessSource::available() const { return impl_->reader != nullptr; }

LoudnessSeries LoudnessSource::read(const std::string& id) const {
  LoudnessSeries s;
  if (!impl_->reader) return s;
  std::lock_guard lock(mu_);
  try {
    if (!impl_->reader->has_asset(id)) return s;
    const auto rec = impl_->reader->read_asset(id, /*with_frames=*/false);
    s.start_s = rec.audio.start_s;
    s.rate_hz = rec.audio.series_rate_hz > 0 ? rec.audio.series_rate_hz : 10;
    s.momentary = rec.audio.momentary_lufs;
    s.short_term = rec.audio.short_term_lufs;
  } catch (const std::exception& e) {
    spdlog::warn("report: loudness of '{}': {}", id, e.what());
  }
  return s;
}

}  // namespace reelscale::report
