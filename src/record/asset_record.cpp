#include "record/asset_record.hpp"

#include <stdexcept>

namespace reelscale {

const char* to_string(AssetStatus s) {
  switch (s) {
    case AssetStatus::ok: return "ok";
    case AssetStatus::damaged: return "damaged";
    case AssetStatus::error: return "error";
    case AssetStatus::rejected: return "rejected";
  }
  return "error";
}

AssetStatus asset_status_from_string(const std::string& s) {
  if (s == "ok") return AssetStatus::ok;
  if (s == "damaged") return AssetStatus::damaged;
  if (s == "error") return AssetStatus::error;
  if (s == "rejected") return AssetStatus::rejected;
  throw std::invalid_argument("unknown asset status '" + s + "' (expected ok, damaged, error or rejected)");
}

}  // namespace reelscale
