#pragma once
/// @file faces_run.hpp
/// How the faces stage plugs into `reelscale run` (called from the faces slot of
/// src/cli/capabilities.cpp): `--no-faces`, `--models DIR` (shared with other areas: added
/// only when absent), `--faces-hz N`; registers FacesAnalyser (models loaded once per run;
/// absent models -> one message, stage skipped) and the post-merge step that assigns
/// identities (identity_update.hpp) from the merged catalog's faces tables.

#include <functional>
#include <vector>

#include <CLI/CLI.hpp>

#include "run/run_options.hpp"

namespace reelscale::faces {

/// Adds the faces options to `run_cmd` and pushes the function that fills RunOptions.
void add_faces_run_options(CLI::App& run_cmd, std::vector<std::function<void(run::RunOptions&)>>& apply);

/// The post-merge step: every asset's "faces" table in OUT/catalog.h5 joins the identities.
void build_identities(const std::filesystem::path& out);

}  // namespace reelscale::faces
