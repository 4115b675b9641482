#pragma once
/// @file asset_id.hpp
/// Stable asset identifiers.

#include <string>

namespace reelscale::record {

/// First 16 lower-case hex chars of SHA-256 over the raw bytes of `path`.
/// The same path gives the same id on every rank and every rerun.
std::string asset_id_for_path(const std::string& path);

}  // namespace reelscale::record
