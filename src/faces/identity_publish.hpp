#pragma once
/// @file identity_publish.hpp
/// Makes the identities and names of an IdentityStore visible to every reader of a run's
/// output folder after any change (post-merge, --tag, --untag, --merge, --recluster), with no
/// re-analysis:
/// - catalog.h5 archive-wide tables (record::Table, catalog::write_archive_table):
///   `/face_identities` (identity, name ("" untagged), tracks, assets, frames on screen,
///   exemplar = JPEG path relative to OUT) and `/face_tracks` (asset, track, start_frame,
///   end_frame (frames, inclusive), identity, name ("" untagged), quality, embedding
///   (width 128)); its asset + name + frame columns are what the full-text index
///   (src/fulltext, `reelscale search OUT NAME`) reads as name rows with time spans;
/// - the sidecars' "faces" sections (identity and name of every track);
/// - one exemplar JPEG per identity, OUT/faces/exemplars/<id>.jpg: the aligned 150x150 chip
///   of its best track (highest exemplar quality), taken from the per-asset faces tables.

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "faces/identity_store.hpp"
#include "record/table.hpp"

namespace reelscale::faces {

/// Exemplar chips already in hand, (asset, track) -> JPEG bytes (others are read from the catalog).
using ChipMap = std::map<std::pair<std::string, std::int64_t>, std::vector<unsigned char>>;

/// What publish_identities wrote.
struct PublishResult {
  bool catalog = false;        ///< archive tables written (false: no OUT/catalog.h5)
  std::size_t sidecars = 0;    ///< sidecars whose faces section changed
  std::size_t exemplars = 0;   ///< exemplar JPEGs (re)written
};

/// `/face_identities` of `s` (see file comment), one row per identity, ascending id.
record::Table face_identities_table(const IdentityStore& s);
/// `/face_tracks` of `s`, one row per track, the order of s.tracks.
record::Table face_tracks_table(const IdentityStore& s);
/// Relative path of identity `id`'s exemplar JPEG under OUT ("faces/exemplars/<id>.jpg").
std::string exemplar_path(std::int64_t id);

/// Publishes `s` into `out` (see file comment). `assets`: sidecars to update (empty: every
/// asset of the store). @throws std::runtime_error naming the file on I/O failure.
PublishResult publish_identities(const std::filesystem::path& out, const IdentityStore& s, const ChipMap& chips = {},
                                 const std::set<std::string>& assets = {});

}  // namespace reelscale::faces
