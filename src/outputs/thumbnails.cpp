#include "outputs/thumbnails.hpp"

#include <cstdio>
#include <map>

#include "media/image_writer.hpp"
#include "outputs/ladder_config.hpp"
#include "outputs/thumbnail_choice.hpp"

namespace reelscale::outputs {

namespace {
/// The file an image of `width` pixels is decoded from: the smallest finished rendition at
/// least that wide (upright, square pixels, 2 s GOPs: a short decode per image), else the source.
std::filesystem::path image_source(const AssetRecord& rec, const std::filesystem::path& out_root,
                                   const std::vector<OutputEntry>& made, int width) {
  const OutputEntry* best = nullptr;
  for (const auto& e : made)
    if (e.kind == "rendition" && e.width >= width && (!best || e.width < best->width)) best = &e;
  return best ? out_root / best->path : std::filesystem::path(rec.path);
}

/// write_images() once per distinct file of `from`, results in request order.
std::vector<media::ImageResult> write_grouped(const std::vector<media::ImageRequest>& req,
                                              const std::vector<std::filesystem::path>& from, const std::string& format) {
  std::vector<media::ImageResult> res(req.size());
  std::map<std::filesystem::path, std::vector<std::size_t>> by_file;
  for (std::size_t i = 0; i < req.size(); ++i) by_file[from[i]].push_back(i);
  for (const auto& [file, idx] : by_file) {
    std::vector<media::ImageRequest> part;
    for (std::size_t i : idx) part.push_back(req[i]);
    try {
      const auto r = media::write_images(file, part, format);
      for (std::size_t k = 0; k < idx.size(); ++k) res[idx[k]] = r[k];
    } catch (const std::exception& e) {
      for (std::size_t i : idx) res[i].error = e.what();
    }
  }
  return res;
}
}  // namespace

std::vector<OutputEntry> write_thumbnails(const AssetRecord& rec, const std::filesystem::path& out_root,
                                          const OutputsOptions& o, std::string* error, const std::vector<OutputEntry>& made) {
  const ThumbnailChoice c = choose_thumbnails(rec, o.thumbnails);
  const std::filesystem::path rel = asset_output_dir(rec.id);
  std::vector<media::ImageRequest> req;
  for (std::size_t i = 0; i < c.thumbnails.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "thumb_%02zu", i);
    req.push_back({c.thumbnails[i].pts_s, o.thumbnail_width, out_root / rel / name});
  }
  if (c.has_poster) req.push_back({c.poster.pts_s, o.poster_width, out_root / rel / "poster"});
  std::vector<std::filesystem::path> from;
  for (const auto& q : req) from.push_back(image_source(rec, out_root, made, q.width));
  const auto res = write_grouped(req, from, o.image_format);
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
