#pragma once
/// @file signature.hpp
/// Per-asset video fingerprints for duplicate search, as plain arrays (independent of
/// the catalog layout), and their resampling to a common rate.

#include <cstdint>
#include <string>
#include <vector>

namespace reelscale::duplicates {

/// The fingerprint of one asset: one 64-bit DCT pHash per decoded frame with its
/// presentation time, plus the file's SHA-256 (exact copies).
struct AssetSignature {
  std::string id;                    ///< asset id (catalog id)
  double fps = 0;                    ///< frames/s of the analysed stream (fallback timing)
  std::vector<double> pts_s;         ///< presentation time of each decoded frame, s (NaN unknown)
  std::vector<std::uint64_t> phash;  ///< 64-bit pHash of each decoded frame (same length)
  std::string sha256;                ///< lower-case hex, "" when not computed
  /// Optional 16x16 luma thumbnails (256 bytes per frame, catalog `frames/thumb`); when
  /// present, resampling can hash their active (bar-free) box instead (crop_hash.hpp).
  std::vector<std::uint8_t> thumb;
  /// Optional active-area codes sampled at ~5 Hz by the duplicates frame analyser (catalog
  /// table `dup_ticks`, tick_analyser.hpp): sample times (PTS s, same time base as pts_s),
  /// 64-bit pHash of the 32x32 active-area picture and motion code. When present they are
  /// the tick codes (preferred over the thumbnail crop code).
  std::vector<double> area_pts_s;
  std::vector<std::uint64_t> area_phash;
  std::vector<std::uint64_t> area_motion;
};

/// A signature sampled at a fixed rate: tick k is time t0_s + k / rate_hz. Sampling by
/// PTS (not by frame index) makes a 25 fps and a 29.97 fps version of one programme
/// produce the same tick sequence up to +-1 frame of jitter.
struct TickSignature {
  double t0_s = 0;                   ///< PTS of tick 0 (the first decoded frame), s
  double rate_hz = 5;                ///< ticks per second
  std::vector<std::uint64_t> code;   ///< pHash of the frame shown at each tick
  std::vector<std::uint8_t> usable;  ///< 0 for uninformative ticks (flat/black frames)
  std::vector<std::uint64_t> motion; ///< motion code per tick (area_codes.hpp; 0: none or unknown)
  std::size_t size() const { return code.size(); }
  /// Seconds of tick k (PTS time base of the asset).
  double time_s(double k) const { return t0_s + k / rate_hz; }
};

/// True when `code` carries too little structure to match on: a flat frame hashes to 0
/// (kernels::phash64) and near-flat frames to codes with very few or very many bits.
bool uninformative(std::uint64_t code);

/// Samples `sig` at `rate_hz`: tick k takes the last frame whose PTS is <= t0 + k/rate
/// (the frame on screen at that time). Frames with NaN PTS get index/fps (or index/25
/// when fps is 0). Empty signature -> empty result. With `crop_codes` and thumbnails
/// present, a tick's code is crop_phash(thumbnail) (letterbox-invariant) instead of the
/// frame's pHash; with `crop_codes` and area codes present (AssetSignature::area_*), tick
/// k takes the area sample nearest to t0 + k/rate (its pHash and motion code).
/// @throws std::invalid_argument when pts_s, phash (and thumb) differ in length or rate_hz <= 0.
TickSignature resample(const AssetSignature& sig, double rate_hz, bool crop_codes = false);

}  // namespace reelscale::duplicates
