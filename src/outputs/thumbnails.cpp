#include "outputs/thumbnails.hpp"

#include <cstdio>

#include "media/image_writer.hpp"
#include "outputs/ladder_config.hpp"
#include "outputs/thumbnail_choice.hpp"

namespace reelscale::outputs {

std::vector<OutputEntry> write_thumbnails(const AssetRecord& rec, const std::filesystem::path& out_root,
                                          const OutputsOptions& o, std::string* error) {
  const ThumbnailChoice c = choose_thumbnails(rec, o.thumbnails);
  const std::filesystem::path rel = asset_output_dir(rec.id);
  std::vector<media::ImageRequest> req;
  for (std::size_t i = 0; i < c.thumbnails.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "thumb_%02zu", i);
    req.push_back({c.thumbnails[i].pts_s, o.thumbnail_width, out_root / rel / name});
  }
  if (c.has_poster) req.push_back({c.poster.pts_s, o.poster_width, out_root / rel / "poster"});
  const auto res = media::write_images(rec.path, req, o.image_format);
  std::vector<OutputEntry> out;
  for (std::size_t i = 0; i < res.size(); ++i) {
    if (!res[i].error.empty()) {
      if (error && error->empty()) *error = res[i].error;
      continue;
    }
    OutputEntry e;
    e.kind = (c.has_poster && i + 1 == res.size()) ? "poster" : "thumbnail";
    e.path = std::filesystem::relative(res[i].path, out_root).generic_string();
    e.width = res[i].width, e.height = res[i].height;
    e.format = res[i].format;
    e.pts_s = req[i].pts_s;
    out.push_back(e);
  }
  return out;
}

}  // namespace reelscale::outputs
