#include "media/picture.hpp"
#include "media/detail/libav.hpp"

namespace reelscale::media {

Picture::Picture() : frame_(make_frame()) {}

std::optional<std::int64_t> Picture::timestamp() const {
  if (!frame_ || frame_->best_effort_timestamp == AV_NOPTS_VALUE) return std::nullopt;
  return frame_->best_effort_timestamp;
}

}  // namespace reelscale::media
