#pragma once
/// @file catalog_signatures.hpp
/// AssetSignature arrays from a catalog.h5 (through catalog::CatalogReader; this area
/// never touches HDF5 itself).

#include <filesystem>
#include <string>
#include <vector>

#include "duplicates/signature.hpp"

namespace reelscale::duplicates {

/// An asset's signature plus the path it was catalogued from.
struct CatalogSignature {
  AssetSignature sig;
  std::string path;  ///< as stored in the catalog (raw bytes)
};

/// Signatures of every asset of `catalog_h5` with at least one decoded frame, in
/// asset-id order. @throws std::runtime_error naming the file when it cannot be read.
std::vector<CatalogSignature> read_catalog_signatures(const std::filesystem::path& catalog_h5);

}  // namespace reelscale::duplicates
