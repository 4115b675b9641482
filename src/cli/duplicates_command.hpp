#pragma once
/// @file duplicates_command.hpp
/// `reelscale duplicates OUT [--json] [--min-seconds S]`: exact copies, same content in
/// another encoding and reused segments across the catalog (docs/duplicates.md).

#include <CLI/CLI.hpp>

namespace reelscale::cli {

/// Registers the `duplicates` subcommand.
void register_duplicates_command(CLI::App& app);

}  // namespace reelscale::cli
