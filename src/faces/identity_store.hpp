#pragma once
/// @file identity_store.hpp
/// Archive-wide identities with late-binding names.
///
/// Every face track of every asset (its mean descriptor) belongs to one identity. A new track
/// joins the existing identity whose tracks are, on average, closest (mean distance below the
/// threshold, 0.6 as dlib; never one with a track on screen at the same time in the same
/// asset); the rest are clustered among themselves (average linkage with cannot-link,
/// average_linkage.hpp) and get new ids: the world is never reclustered unless asked
/// (recluster(), which keeps ids, and so names, by majority overlap). Names live apart from the analysis, keyed by
/// identity id, so tagging one identity names every track of it in every asset at once,
/// and later tracks that join a named identity are named too.
///
/// Files (written atomically: temp file + rename): <dir>/identities.json
/// {"threshold", "next_identity", "tracks": [{"asset", "track", "start", "end", "identity",
/// "quality", "embedding": [128]}]} and <dir>/names.json {"names": {"<id>": "Name"}}.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "faces/face_tracks.hpp"

namespace reelscale::faces {

/// One track as the archive knows it.
struct ArchiveTrack {
  std::string asset;
  std::int64_t track = 0, start_frame = 0, end_frame = 0;
  std::int64_t identity = -1;
  Descriptor mean{};
  float quality = 0;  ///< the track's exemplar quality (FaceObservation::quality): picks the identity's exemplar
};

/// Identities and names of one output folder (see file comment).
class IdentityStore {
 public:
  float threshold = 0.6f;
  std::int64_t next_identity = 0;
  std::vector<ArchiveTrack> tracks;
  std::map<std::int64_t, std::string> names;

  /// Replaces the tracks of `asset` with `t` (unassigned; call assign_new()).
  void set_asset(const std::string& asset, const std::vector<FaceTrack>& t);
  /// Gives every track with identity -1 an identity (incremental; see file comment).
  /// Returns how many tracks were assigned.
  std::size_t assign_new();
  /// Clusters all tracks again; ids (and names) kept by majority overlap.
  void recluster();
  /// Moves every track of `from` into `into`; `into` keeps its name, else takes `from`'s.
  /// @throws std::invalid_argument for an unknown id.
  void merge(std::int64_t into, std::int64_t from);
  /// Names identity `id`. @throws std::invalid_argument for an unknown id.
  void tag(std::int64_t id, const std::string& name);
  /// Removes the name of `id`.
  void untag(std::int64_t id) { names.erase(id); }
  /// Name of `id`, "" when untagged.
  std::string name_of(std::int64_t id) const;
  /// Identity of (asset, track), -1 when unknown.
  std::int64_t identity_of(const std::string& asset, std::int64_t track) const;
  /// `[{"id", "name", "tracks", "assets": [{"asset", "tracks": [{"track", "start", "end"}]}]}]`
  nlohmann::json summary() const;
  /// The identity whose tracks are on average closest to `d` (mean distance < threshold),
  /// -1 when none; `distance` gets that mean distance (or the smallest one seen).
  std::int64_t nearest_identity(const Descriptor& d, float& distance) const;

  /// Loads <dir>/identities.json and <dir>/names.json (absent files: empty store).
  /// @throws std::runtime_error naming the file when it is unreadable or malformed.
  static IdentityStore load(const std::filesystem::path& dir);
  /// Writes both files atomically. @throws std::runtime_error naming the file on failure.
  void save(const std::filesystem::path& dir) const;
  /// Writes the Faiss index of the tracks' mean descriptors to `file` (Faiss id i = tracks[i],
  /// the order of identities.json), e.g. OUT/index/faces.faiss.
  void write_index(const std::filesystem::path& file) const;
  /// Writes only names.json (tagging never rewrites the identities).
  void save_names(const std::filesystem::path& dir) const;

 private:
  bool known(std::int64_t id) const;
};


}  // namespace reelscale::faces
