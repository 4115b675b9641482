#include "record/asset_record.hpp"

#include <stdexcept>

namespace reelscale {

const char* to_string(AssetStatus s) {
  switch (s) {
    case AssetStatus::ok:
      return "ok";
    case AssetStatus::damaged:
      return "damaged";
    case AssetStatus::error:
      return "error";
  }
  return "error";
}

AssetStatus asset_status_from_string(const std::string& s) {
  if (s == "ok") return AssetStatus::ok;
  if (s == "damaged") return AssetStatus::damaged;
  if (s == "error") return AssetStatus::error;
  throw std::invalid_argument("unknown asset status '" + s + "' (expected ok, damaged or error)");
}

}  // namespace reelscale
