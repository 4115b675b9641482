#include "duplicates/signature.hpp"

#include "duplicates/crop_hash.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>

namespace reelscale::duplicates {

bool uninformative(std::uint64_t code) {
  const int bits = std::popcount(code);
  return bits < 6 || bits > 58;
}

namespace {
/// Monotone frame times: PTS where known, else index/fps; forced non-decreasing.
std::vector<double> frame_times(const AssetSignature& sig) {
  const double fps = sig.fps > 0 ? sig.fps : 25.0;
  std::vector<double> t(sig.pts_s.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double p = sig.pts_s[i];
    t[i] = std::isfinite(p) ? p : (i == 0 ? 0.0 : t[i - 1] + 1.0 / fps);
    if (i > 0 && t[i] < t[i - 1]) t[i] = t[i - 1];
  }
  return t;
}

/// Ticks from the area samples: tick k takes the sample nearest to its time.
void area_ticks(const AssetSignature& sig, TickSignature& out) {
  const auto& t = sig.area_pts_s;
  std::size_t f = 0;
  for (std::size_t k = 0; k < out.size(); ++k) {
    const double tk = out.time_s(static_cast<double>(k));
    while (f + 1 < t.size() && std::abs(t[f + 1] - tk) <= std::abs(t[f] - tk)) ++f;
    out.code[k] = sig.area_phash[f];
    out.motion[k] = sig.area_motion.empty() ? 0 : sig.area_motion[f];
    out.usable[k] = uninformative(out.code[k]) ? 0 : 1;
  }
}
}  // namespace

TickSignature resample(const AssetSignature& sig, double rate_hz, bool crop_codes) {
  if (sig.pts_s.size() != sig.phash.size())
    throw std::invalid_argument("duplicates::resample: asset " + sig.id + ": pts_s and phash differ in length");
  const bool crop = crop_codes && !sig.thumb.empty();
  if (crop && sig.thumb.size() != sig.phash.size() * 256)
    throw std::invalid_argument("duplicates::resample: asset " + sig.id + ": thumb is not 256 bytes per frame");
  const bool area = crop_codes && !sig.area_phash.empty();
  if (area && (sig.area_pts_s.size() != sig.area_phash.size() ||
               (!sig.area_motion.empty() && sig.area_motion.size() != sig.area_phash.size())))
    throw std::invalid_argument("duplicates::resample: asset " + sig.id + ": area codes differ in length");
  if (!(rate_hz > 0)) throw std::invalid_argument("duplicates::resample: rate_hz must be > 0");
  TickSignature out;
  out.rate_hz = rate_hz;
  if (sig.phash.empty()) return out;
  const std::vector<double> t = frame_times(sig);
  out.t0_s = t.front();
  const double last = t.back() + (sig.fps > 0 ? 1.0 / sig.fps : 0.04);
  const auto ticks = static_cast<std::size_t>(std::max(1.0, std::floor((last - out.t0_s) * rate_hz)));
  out.code.resize(ticks);
  out.usable.resize(ticks);
  out.motion.assign(ticks, 0);
  if (area) {
    area_ticks(sig, out);
    return out;
  }
  std::size_t f = 0;
  for (std::size_t k = 0; k < ticks; ++k) {
    const double tk = out.time_s(static_cast<double>(k)) + 1e-6;
    while (f + 1 < t.size() && t[f + 1] <= tk) ++f;
    out.code[k] = crop ? crop_phash({sig.thumb.data() + f * 256, 256}) : sig.phash[f];
    out.usable[k] = uninformative(out.code[k]) ? 0 : 1;  // a letterbox can make the frame pHash degenerate
  }
  return out;
}

}  // namespace reelscale::duplicates
