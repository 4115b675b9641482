#pragma once
/// @file faces_command.hpp
/// `reelscale faces OUT [--json] [--tag ID --name N] [--merge ID ID] [--untag ID] [--recluster]`:
/// lists and edits the archive-wide identities of OUT/faces/ (identity_store.hpp) without
/// re-analysis; `reelscale faces OUT --face IMAGE [--json]` finds the identity of the face in
/// IMAGE and its appearances; `reelscale faces --eval CORPUS [--json] [--models DIR] [--threshold T]`
/// measures the face stage on a labelled photo set (face_eval.hpp).

namespace CLI {
class App;
}

namespace reelscale::faces {

/// Adds the `faces` subcommand to `app`.
void register_faces_command(CLI::App& app);

}  // namespace reelscale::faces
