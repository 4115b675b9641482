#pragma once
/// @file thumbnails.hpp
/// Writes the chosen thumbnails and the poster of an analysed asset (a second,
/// targeted read: one seek + short forward decode per image, ~11 frames per programme,
/// instead of keeping candidate pictures during the decode). Each image is decoded from
/// the smallest finished rendition at least as wide as the image (2 s GOPs, upright,
/// yuv420p: cheaper than the source), else from the source.

#include <filesystem>
#include <vector>

#include "record/asset_record.hpp"
#include "outputs/output_entry.hpp"
#include "outputs/outputs_options.hpp"

namespace reelscale::outputs {

/// Thumbnails at OUT/outputs/<id>/thumb_NN.<webp|jpg> (o.thumbnail_width wide) and
/// OUT/outputs/<id>/poster.<ext> (o.poster_width). Entries have kind "thumbnail"/"poster";
/// failed images are left out and their first error is returned in `error`.
/// `made`: the asset's outputs so far (renditions to decode from).
/// @throws media::MediaError when the source cannot be opened.
std::vector<OutputEntry> write_thumbnails(const AssetRecord& rec, const std::filesystem::path& out_root,
                                          const OutputsOptions& o, std::string* error = nullptr,
                                          const std::vector<OutputEntry>& made = {});

}  // namespace reelscale::outputs
